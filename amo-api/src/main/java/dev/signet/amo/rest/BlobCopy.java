package dev.signet.amo.rest;

import dev.signet.blob.BlobStore;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Streams a range of a stored blob into a response, in small buffers whatever its size. */
public final class BlobCopy {

    private BlobCopy() {
    }

    public static void copy(BlobStore blobs, String key, long start, long length, OutputStream out)
            throws IOException {
        try (InputStream in = blobs.open(key)) {
            in.skipNBytes(start);
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("blob " + key + " shorter than recorded");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
