package dev.signet.autograph.signer.contentsignature;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/** DER ECDSA-Sig-Value ⇄ IEEE P1363 (fixed-length r||s), the encoding content signatures use. */
public final class Ecdsa {

    private Ecdsa() {
    }

    /** r||s, each left-padded with zeros to {@code fieldBytes}. */
    public static byte[] derToP1363(byte[] der, int fieldBytes) {
        int[] pos = {0};
        expect(der, pos, 0x30);
        int seqLen = readLength(der, pos);
        if (pos[0] + seqLen != der.length) {
            throw new IllegalArgumentException("ecdsa: trailing bytes after signature");
        }
        BigInteger r = readInteger(der, pos);
        BigInteger s = readInteger(der, pos);
        byte[] out = new byte[2 * fieldBytes];
        copyUnsigned(r, out, 0, fieldBytes);
        copyUnsigned(s, out, fieldBytes, fieldBytes);
        return out;
    }

    /** DER SEQUENCE { INTEGER r, INTEGER s } from r||s. */
    public static byte[] p1363ToDer(byte[] rs) {
        if (rs.length == 0 || rs.length % 2 != 0) {
            throw new IllegalArgumentException("ecdsa: r||s must have an even, non-zero length");
        }
        int half = rs.length / 2;
        byte[] r = new BigInteger(1, Arrays.copyOfRange(rs, 0, half)).toByteArray();
        byte[] s = new BigInteger(1, Arrays.copyOfRange(rs, half, rs.length)).toByteArray();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeTlv(body, 0x02, r);
        writeTlv(body, 0x02, s);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeTlv(out, 0x30, body.toByteArray());
        return out.toByteArray();
    }

    private static void copyUnsigned(BigInteger v, byte[] out, int offset, int len) {
        byte[] b = v.toByteArray();
        int start = b.length > len ? b.length - len : 0;
        if (start > 0 && (start > 1 || b[0] != 0)) {
            throw new IllegalArgumentException("ecdsa: integer longer than the field");
        }
        System.arraycopy(b, start, out, offset + len - (b.length - start), b.length - start);
    }

    private static BigInteger readInteger(byte[] der, int[] pos) {
        expect(der, pos, 0x02);
        int len = readLength(der, pos);
        if (len == 0 || pos[0] + len > der.length) {
            throw new IllegalArgumentException("ecdsa: bad integer");
        }
        BigInteger v = new BigInteger(1, Arrays.copyOfRange(der, pos[0], pos[0] + len));
        pos[0] += len;
        return v;
    }

    private static void expect(byte[] der, int[] pos, int tag) {
        if (pos[0] >= der.length || (der[pos[0]] & 0xff) != tag) {
            throw new IllegalArgumentException("ecdsa: unexpected DER tag");
        }
        pos[0]++;
    }

    private static int readLength(byte[] der, int[] pos) {
        if (pos[0] >= der.length) {
            throw new IllegalArgumentException("ecdsa: truncated DER");
        }
        int b = der[pos[0]++] & 0xff;
        if (b < 0x80) {
            return b;
        }
        int n = b & 0x7f;
        if (n == 0 || n > 2 || pos[0] + n > der.length) {
            throw new IllegalArgumentException("ecdsa: bad DER length");
        }
        int len = 0;
        for (int i = 0; i < n; i++) {
            len = (len << 8) | (der[pos[0]++] & 0xff);
        }
        return len;
    }

    private static void writeTlv(ByteArrayOutputStream out, int tag, byte[] value) {
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else if (value.length < 0x100) {
            out.write(0x81);
            out.write(value.length);
        } else {
            out.write(0x82);
            out.write(value.length >> 8);
            out.write(value.length);
        }
        out.write(value, 0, value.length);
    }
}
