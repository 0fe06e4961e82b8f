package dev.signet.autograph.signer.mar;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Mozilla ARchive: header ({@code MAR1}, offset to the index, total size), signatures, additional sections
 * (e.g. product information), content, index. Parsed defensively (every offset and size bounds-checked,
 * overlapping or duplicate entries refused) and always written in the current (2012) layout with offsets
 * recomputed. Old (2005) MARs without signatures are read and upgraded.
 */
public record MarFile(List<Signature> signatures, List<Section> sections, List<Entry> entries) {

    static final int MAX_SIGNATURES = 8;
    static final int MAX_SIGNATURE_SIZE = 2048;
    static final int MAX_SECTIONS = 16;
    static final int MAX_SECTION_SIZE = 64 * 1024;
    static final int MAX_NAME_LENGTH = 1024;
    private static final byte[] MAR_ID = "MAR1".getBytes(StandardCharsets.US_ASCII);

    public record Signature(int algorithmId, byte[] data) {
    }

    public record Section(int blockId, byte[] data) {
    }

    public record Entry(String name, int flags, byte[] content) {
    }

    public MarFile {
        signatures = List.copyOf(signatures);
        sections = List.copyOf(sections);
        entries = List.copyOf(entries);
    }

    public MarFile withSignatures(List<Signature> newSignatures) {
        return new MarFile(newSignatures, sections, entries);
    }

    public static MarFile parse(byte[] in) {
        if (in.length < 8 + 4 + 12 + 2) {
            throw new IllegalArgumentException("mar: file too small (" + in.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(in);
        if (!ByteBuffer.wrap(in, 0, 4).equals(ByteBuffer.wrap(MAR_ID))) {
            throw new IllegalArgumentException("mar: bad MAR id, not a MAR file");
        }
        long indexOffset = Integer.toUnsignedLong(b.getInt(4));
        List<IndexEntry> index = parseIndex(in, indexOffset);
        long contentStart;
        List<Signature> signatures = new ArrayList<>();
        List<Section> sections = new ArrayList<>();
        long firstContent = index.stream().mapToLong(IndexEntry::offset).min().orElseThrow();
        if (firstContent == 8) {
            contentStart = 8; // 2005 layout: no size, signatures or additional sections
        } else {
            long size = b.getLong(8);
            if (size != in.length) {
                throw new IllegalArgumentException("mar: header size " + size + " does not match the file size "
                        + in.length);
            }
            int pos = 16;
            int numSigs = b.getInt(pos);
            pos += 4;
            if (numSigs < 0 || numSigs > MAX_SIGNATURES) {
                throw new IllegalArgumentException("mar: " + Integer.toUnsignedString(numSigs) + " signatures (max "
                        + MAX_SIGNATURES + ")");
            }
            for (int i = 0; i < numSigs; i++) {
                need(in, pos, 8, "signature " + i + " header");
                int alg = b.getInt(pos);
                int len = b.getInt(pos + 4);
                if (len < 0 || len > MAX_SIGNATURE_SIZE) {
                    throw new IllegalArgumentException("mar: signature " + i + " of " + Integer.toUnsignedString(len)
                            + " bytes (max " + MAX_SIGNATURE_SIZE + ")");
                }
                pos += 8;
                need(in, pos, len, "signature " + i);
                signatures.add(new Signature(alg, slice(in, pos, len)));
                pos += len;
            }
            need(in, pos, 4, "additional sections header");
            int numSections = b.getInt(pos);
            pos += 4;
            if (numSections < 0 || numSections > MAX_SECTIONS) {
                throw new IllegalArgumentException("mar: " + Integer.toUnsignedString(numSections)
                        + " additional sections (max " + MAX_SECTIONS + ")");
            }
            for (int i = 0; i < numSections; i++) {
                need(in, pos, 8, "additional section " + i + " header");
                int blockSize = b.getInt(pos);
                int blockId = b.getInt(pos + 4);
                if (blockSize < 8 || blockSize > MAX_SECTION_SIZE) {
                    throw new IllegalArgumentException("mar: additional section " + i + " block size "
                            + Integer.toUnsignedString(blockSize) + " out of range");
                }
                need(in, pos + 8, blockSize - 8, "additional section " + i);
                sections.add(new Section(blockId, slice(in, pos + 8, blockSize - 8)));
                pos += blockSize;
            }
            contentStart = pos;
        }
        return new MarFile(signatures, sections, contents(in, index, contentStart, indexOffset));
    }

    private record IndexEntry(long offset, long size, int flags, String name) {
    }

    private static List<IndexEntry> parseIndex(byte[] in, long indexOffset) {
        if (indexOffset < 8 || indexOffset > in.length - 4) {
            throw new IllegalArgumentException("mar: offset to index " + indexOffset + " outside the file");
        }
        ByteBuffer b = ByteBuffer.wrap(in);
        int pos = (int) indexOffset;
        long indexSize = Integer.toUnsignedLong(b.getInt(pos));
        pos += 4;
        if (indexSize != in.length - (long) pos) {
            throw new IllegalArgumentException("mar: index size " + indexSize + " does not end at the end of the file");
        }
        List<IndexEntry> entries = new ArrayList<>();
        while (pos < in.length) {
            need(in, pos, 12, "index entry " + entries.size());
            long offset = Integer.toUnsignedLong(b.getInt(pos));
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int flags = b.getInt(pos + 8);
            pos += 12;
            int end = pos;
            while (end < in.length && in[end] != 0 && end - pos <= MAX_NAME_LENGTH) {
                end++;
            }
            if (end >= in.length || in[end] != 0) {
                throw new IllegalArgumentException("mar: index entry " + entries.size()
                        + ": file name not terminated or longer than " + MAX_NAME_LENGTH);
            }
            String name = new String(in, pos, end - pos, StandardCharsets.UTF_8);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("mar: index entry " + entries.size() + ": empty file name");
            }
            entries.add(new IndexEntry(offset, size, flags, name));
            pos = end + 1;
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("mar: empty index");
        }
        return entries;
    }

    private static List<Entry> contents(byte[] in, List<IndexEntry> index, long contentStart, long indexOffset) {
        Set<String> names = new HashSet<>();
        List<IndexEntry> byOffset = new ArrayList<>(index);
        byOffset.sort(Comparator.comparingLong(IndexEntry::offset));
        long previousEnd = contentStart;
        for (IndexEntry e : byOffset) {
            if (e.offset() < previousEnd || e.offset() + e.size() > indexOffset) {
                throw new IllegalArgumentException("mar: entry " + e.name() + ": content at " + e.offset() + "+"
                        + e.size() + " overlaps the header, another entry or the index");
            }
            previousEnd = e.offset() + e.size();
        }
        List<Entry> entries = new ArrayList<>(index.size());
        for (IndexEntry e : index) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("mar: duplicate entry " + e.name());
            }
            entries.add(new Entry(e.name(), e.flags(), slice(in, (int) e.offset(), (int) e.size())));
        }
        return entries;
    }

    /** The whole file. */
    public byte[] toBytes() {
        return write(true);
    }

    /**
     * What MAR signatures cover: the whole file as written, except the signature data (algorithm ids and sizes
     * are covered). Signature sizes must therefore be final before signing.
     */
    public byte[] signableBlock() {
        return write(false);
    }

    private byte[] write(boolean withSignatureData) {
        long headerSize = 4 + 4 + 8 + 4;
        for (Signature s : signatures) {
            headerSize += 8 + s.data().length;
        }
        headerSize += 4;
        for (Section s : sections) {
            headerSize += 8 + s.data().length;
        }
        long contentSize = 0;
        long indexSize = 0;
        for (Entry e : entries) {
            contentSize += e.content().length;
            indexSize += 12 + e.name().getBytes(StandardCharsets.UTF_8).length + 1;
        }
        long indexOffset = headerSize + contentSize;
        long total = indexOffset + 4 + indexSize;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("mar: file too large (" + total + " bytes)");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) total);
        out.writeBytes(MAR_ID);
        u32(out, indexOffset);
        out.writeBytes(ByteBuffer.allocate(8).putLong(total).array());
        u32(out, signatures.size());
        for (Signature s : signatures) {
            u32(out, s.algorithmId());
            u32(out, s.data().length);
            if (withSignatureData) {
                out.writeBytes(s.data());
            }
        }
        u32(out, sections.size());
        for (Section s : sections) {
            u32(out, 8 + s.data().length);
            u32(out, s.blockId());
            out.writeBytes(s.data());
        }
        for (Entry e : entries) {
            out.writeBytes(e.content());
        }
        u32(out, indexSize);
        long offset = headerSize;
        for (Entry e : entries) {
            u32(out, offset);
            u32(out, e.content().length);
            u32(out, e.flags());
            out.writeBytes(e.name().getBytes(StandardCharsets.UTF_8));
            out.write(0);
            offset += e.content().length;
        }
        return out.toByteArray();
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) v).array());
    }

    private static void need(byte[] in, long pos, long len, String what) {
        if (pos + len > in.length) {
            throw new IllegalArgumentException("mar: " + what + " runs past the end of the file");
        }
    }

    private static byte[] slice(byte[] in, int from, int len) {
        byte[] out = new byte[len];
        System.arraycopy(in, from, out, 0, len);
        return out;
    }
}
