package dev.signet.autograph.signer.apk2;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The smallest APK that Android tooling accepts: a binary-XML {@code AndroidManifest.xml} holding only an empty
 * {@code <manifest>} element, plus the given files (stored, uncompressed). Used for the signer's self-test and
 * as the monitor's test file.
 */
public final class MinimalApk {

    private MinimalApk() {
    }

    public static byte[] build(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            stored(zip, "AndroidManifest.xml", binaryManifest());
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                stored(zip, f.getKey(), f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        e.setCrc(crc.getValue());
        e.setTime(0);
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
    }

    /** Android binary XML: XML chunk, string pool {"manifest"}, start and end element. */
    static byte[] binaryManifest() {
        byte[] name = "manifest".getBytes(StandardCharsets.UTF_16LE);
        int stringData = align4(2 + name.length + 2);
        int poolSize = 28 + 4 + stringData;
        int total = 8 + poolSize + 36 + 24;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x0003).putShort((short) 8).putInt(total);
        b.putShort((short) 0x0001).putShort((short) 28).putInt(poolSize).putInt(1).putInt(0).putInt(0)
                .putInt(28 + 4).putInt(0).putInt(0);
        b.putShort((short) (name.length / 2)).put(name).putShort((short) 0);
        b.position(8 + poolSize);
        b.putShort((short) 0x0102).putShort((short) 16).putInt(36).putInt(1).putInt(-1)
                .putInt(-1).putInt(0).putShort((short) 20).putShort((short) 20).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putShort((short) 0);
        b.putShort((short) 0x0103).putShort((short) 16).putInt(24).putInt(1).putInt(-1).putInt(-1).putInt(0);
        return b.array();
    }

    private static int align4(int n) {
        return (n + 3) & ~3;
    }
}
