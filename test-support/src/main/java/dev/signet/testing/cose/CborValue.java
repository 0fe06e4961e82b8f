package dev.signet.testing.cose;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal CBOR decoder for the tests, independent of the signer's Jackson CBOR: definite lengths only (all that
 * Firefox's cose crate accepts), unsigned and negative integers as {@code Long}, byte strings, text, arrays, maps,
 * tags and null. Anything else, trailing bytes or a duplicate map key is a {@link GeneralSecurityException}.
 */
public final class CborValue {

    /** A tagged item. */
    public record Tagged(long tag, Object value) {
    }

    private final byte[] bytes;
    private int pos;

    private CborValue(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The single item of {@code cbor}, its tag kept. */
    public static Object decodeTagged(byte[] cbor) throws GeneralSecurityException {
        CborValue d = new CborValue(cbor);
        Object o = d.read();
        if (d.pos != cbor.length) {
            throw new GeneralSecurityException("trailing bytes after the CBOR item");
        }
        return o;
    }

    /** The single item of {@code cbor}, a tag around it dropped. */
    public static Object decode(byte[] cbor) throws GeneralSecurityException {
        Object o = decodeTagged(cbor);
        return o instanceof Tagged t ? t.value() : o;
    }

    /** The decoded item, or null when {@code cbor} is not exactly one item. */
    public static Object tryDecode(byte[] cbor) {
        try {
            return decodeTagged(cbor);
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private Object read() throws GeneralSecurityException {
        int ib = u8();
        int major = ib >> 5;
        int info = ib & 0x1f;
        if (major == 7) {
            if (info != 22) {
                throw new GeneralSecurityException("unexpected simple value " + info);
            }
            return null;
        }
        if (info >= 28) {
            throw new GeneralSecurityException("indefinite or reserved length");
        }
        long n = info < 24 ? info : uint(1 << (info - 24));
        switch (major) {
            case 0:
                return n;
            case 1:
                return -1 - n;
            case 2:
                return take(n);
            case 3:
                return new String(take(n), StandardCharsets.UTF_8);
            case 4: {
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < n; i++) {
                    list.add(read());
                }
                return list;
            }
            case 5: {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (long i = 0; i < n; i++) {
                    Object key = read();
                    if (map.put(key instanceof byte[] b ? Arrays.toString(b) : key, read()) != null) {
                        throw new GeneralSecurityException("duplicate map key");
                    }
                }
                return map;
            }
            default:
                return new Tagged(n, read());
        }
    }

    private int u8() throws GeneralSecurityException {
        if (pos >= bytes.length) {
            throw new GeneralSecurityException("truncated CBOR");
        }
        return bytes[pos++] & 0xff;
    }

    private long uint(int len) throws GeneralSecurityException {
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = (v << 8) | u8();
        }
        return v;
    }

    private byte[] take(long n) throws GeneralSecurityException {
        if (n > bytes.length - pos) {
            throw new GeneralSecurityException("truncated CBOR");
        }
        byte[] b = Arrays.copyOfRange(bytes, pos, pos + (int) n);
        pos += (int) n;
        return b;
    }
}
