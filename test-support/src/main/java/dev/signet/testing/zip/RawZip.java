package dev.signet.testing.zip;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes ZIP archives byte by byte, including the ones no zip library would write: duplicate or non-UTF-8 names,
 * encrypted or unknown-method entries, a central directory that disagrees with the local headers, zip64 records on
 * small entries, and deflate bombs that inflate to gigabytes from a few hundred kilobytes. For hostile-input tests.
 */
public final class RawZip {

    public static final int STORED = 0;
    public static final int DEFLATED = 8;
    private static final int CHUNK = 1 << 20;
    private static final long MAX_32 = 0xFFFFFFFFL;

    private final List<Entry> entries = new ArrayList<>();

    public static RawZip create() {
        return new RawZip();
    }

    public RawZip add(Entry entry) {
        entries.add(entry);
        return this;
    }

    /** A deflated entry with this content. */
    public RawZip add(String name, byte[] content) {
        return add(Entry.deflated(name, content));
    }

    public RawZip add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8));
    }

    /** One archive entry as it will be written; the setters forge what a well-behaved writer would not. */
    public static final class Entry {
        private byte[] name;
        private byte[] centralName;
        private int method;
        private int centralMethod = -1;
        private int flags;
        private long crc;
        private long centralCrc = -1;
        private long size;
        private long centralSize = -1;
        private long centralOffsetShift;
        private byte[] data;
        private boolean zip64;

        private Entry(String name, int method, byte[] data, long crc, long size) {
            this.name = name.getBytes(StandardCharsets.UTF_8);
            this.method = method;
            this.data = data;
            this.crc = crc;
            this.size = size;
        }

        public static Entry stored(String name, byte[] content) {
            return new Entry(name, STORED, content.clone(), crcOf(content), content.length);
        }

        public static Entry deflated(String name, byte[] content) {
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            deflater.setInput(content);
            deflater.finish();
            byte[] out = drain(deflater);
            deflater.end();
            return new Entry(name, DEFLATED, out, crcOf(content), content.length);
        }

        /**
         * {@code chunk} repeated {@code times}, deflated without ever holding the inflated content: the chunk is
         * compressed once with a full flush (which makes the compressed block independent of what came before) and
         * that block is repeated. 1 GiB of zeros takes about 1 MiB this way.
         */
        public static Entry repeated(String name, byte[] chunk, int times) {
            Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
            deflater.setInput(chunk);
            byte[] block = drainFlush(deflater);
            deflater.finish();
            byte[] end = drain(deflater);
            deflater.end();
            ByteArrayOutputStream out = new ByteArrayOutputStream(block.length * times + end.length);
            CRC32 crc = new CRC32();
            for (int i = 0; i < times; i++) {
                out.write(block, 0, block.length);
                crc.update(chunk);
            }
            out.write(end, 0, end.length);
            return new Entry(name, DEFLATED, out.toByteArray(), crc.getValue(), (long) chunk.length * times);
        }

        /** {@code mebibytes} MiB of zeros, deflated: the classic high-ratio bomb (about 1000:1). */
        public static Entry zeros(String name, int mebibytes) {
            return repeated(name, new byte[CHUNK], mebibytes);
        }

        /** The raw bytes of the name in both headers (e.g. invalid UTF-8). */
        public Entry nameBytes(byte[] raw) {
            this.name = raw.clone();
            return this;
        }

        /** A different name in the central directory than in the local header. */
        public Entry centralName(String other) {
            this.centralName = other.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The method field in both headers, whatever the data is. */
        public Entry method(int value) {
            this.method = value;
            return this;
        }

        /** A different method in the central directory than in the local header. */
        public Entry centralMethod(int value) {
            this.centralMethod = value;
            return this;
        }

        /** Sets the traditional-encryption flag (general purpose bit 0). */
        public Entry encrypted() {
            this.flags |= 1;
            return this;
        }

        /** A CRC that does not match the content, in both headers. */
        public Entry crc(long value) {
            this.crc = value;
            return this;
        }

        /** A different CRC in the central directory than in the local header. */
        public Entry centralCrc(long value) {
            this.centralCrc = value;
            return this;
        }

        /** The uncompressed size declared in both headers. */
        public Entry declaredSize(long value) {
            this.size = value;
            return this;
        }

        /** A different uncompressed size in the central directory than in the local header. */
        public Entry centralSize(long value) {
            this.centralSize = value;
            return this;
        }

        /** The central directory points this many bytes away from the entry's local header. */
        public Entry centralOffsetShift(long bytes) {
            this.centralOffsetShift = bytes;
            return this;
        }

        /** Writes sizes (and the offset) in zip64 extra fields, and zip64 end records for the archive. */
        public Entry zip64() {
            this.zip64 = true;
            return this;
        }

        public long size() {
            return size;
        }

        public int compressedSize() {
            return data.length;
        }
    }

    public byte[] bytes() {
        Buffer out = new Buffer();
        long[] offsets = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            offsets[i] = out.size();
            writeLocal(out, entries.get(i));
        }
        long cdStart = out.size();
        for (int i = 0; i < entries.size(); i++) {
            writeCentral(out, entries.get(i), offsets[i] + entries.get(i).centralOffsetShift);
        }
        long cdSize = out.size() - cdStart;
        boolean zip64 = entries.stream().anyMatch(e -> e.zip64);
        if (zip64) {
            long recordStart = out.size();
            out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(entries.size()).u64(entries.size())
                    .u64(cdSize).u64(cdStart);
            out.u32(0x07064b50).u32(0).u64(recordStart).u32(1);
        }
        int count = zip64 ? 0xFFFF : entries.size();
        out.u32(0x06054b50).u16(0).u16(0).u16(count).u16(count).u32(zip64 ? MAX_32 : cdSize)
                .u32(zip64 ? MAX_32 : cdStart).u16(0);
        return out.toByteArray();
    }

    private static void writeLocal(Buffer out, Entry e) {
        byte[] extra = e.zip64 ? zip64Extra(e.size, e.data.length, -1) : new byte[0];
        out.u32(0x04034b50).u16(e.zip64 ? 45 : 20).u16(e.flags).u16(e.method).u16(0).u16(0x5821).u32(e.crc)
                .u32(e.zip64 ? MAX_32 : e.data.length).u32(e.zip64 ? MAX_32 : e.size).u16(e.name.length)
                .u16(extra.length).bytes(e.name).bytes(extra).bytes(e.data);
    }

    private static void writeCentral(Buffer out, Entry e, long offset) {
        byte[] name = e.centralName == null ? e.name : e.centralName;
        long size = e.centralSize < 0 ? e.size : e.centralSize;
        byte[] extra = e.zip64 ? zip64Extra(size, e.data.length, offset) : new byte[0];
        out.u32(0x02014b50).u16(e.zip64 ? 45 : 20).u16(e.zip64 ? 45 : 20).u16(e.flags)
                .u16(e.centralMethod < 0 ? e.method : e.centralMethod).u16(0).u16(0x5821)
                .u32(e.centralCrc < 0 ? e.crc : e.centralCrc).u32(e.zip64 ? MAX_32 : e.data.length)
                .u32(e.zip64 ? MAX_32 : size).u16(name.length).u16(extra.length).u16(0).u16(0).u16(0).u32(0)
                .u32(e.zip64 ? MAX_32 : offset).bytes(name).bytes(extra);
    }

    private static byte[] zip64Extra(long size, long compressed, long offset) {
        Buffer b = new Buffer();
        b.u16(1).u16(offset < 0 ? 16 : 24).u64(size).u64(compressed);
        if (offset >= 0) {
            b.u64(offset);
        }
        return b.toByteArray();
    }

    /** The archive cut after {@code length} bytes. */
    public static byte[] truncate(byte[] zip, int length) {
        return Arrays.copyOf(zip, length);
    }

    private static long crcOf(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return crc.getValue();
    }

    private static byte[] drain(Deflater deflater) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    private static byte[] drainFlush(Deflater deflater) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length);
        return out.toByteArray();
    }

    /** Little-endian writer. */
    private static final class Buffer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Buffer u16(int v) {
            scratch.clear();
            scratch.putShort((short) v);
            out.write(scratch.array(), 0, 2);
            return this;
        }

        Buffer u32(long v) {
            scratch.clear();
            scratch.putInt((int) v);
            out.write(scratch.array(), 0, 4);
            return this;
        }

        Buffer u64(long v) {
            scratch.clear();
            scratch.putLong(v);
            out.write(scratch.array(), 0, 8);
            return this;
        }

        Buffer bytes(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        long size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
