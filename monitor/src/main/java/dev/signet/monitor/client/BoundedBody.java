package dev.signet.monitor.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads an HTTP body up to a limit, so a broken or hostile endpoint cannot fill the monitor's memory. */
final class BoundedBody {

    private BoundedBody() {
    }

    static byte[] read(InputStream in, long limit, String what) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            long total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > limit) {
                    throw new IOException(what + " is larger than " + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
