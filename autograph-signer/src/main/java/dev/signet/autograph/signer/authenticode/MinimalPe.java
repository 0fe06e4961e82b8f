package dev.signet.autograph.signer.authenticode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The smallest well-formed PE32 image Authenticode tools accept: DOS header, PE header, optional header with 16
 * data directories, one {@code .text} section holding a {@code ret}. Never meant to run; used as the self-test
 * and monitor file.
 */
final class MinimalPe {

    static final int FILE_ALIGNMENT = 0x200;
    static final int SECTION_ALIGNMENT = 0x1000;

    private MinimalPe() {
    }

    static byte[] build() {
        ByteBuffer b = ByteBuffer.allocate(2 * FILE_ALIGNMENT).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 'M').put(1, (byte) 'Z').putInt(0x3c, 0x80);
        b.position(0x80);
        b.put("PE\0\0".getBytes(StandardCharsets.US_ASCII));
        // COFF: i386, 1 section, optional header size, executable | 32-bit
        b.putShort((short) 0x14c).putShort((short) 1).putInt(0).putInt(0).putInt(0).putShort((short) 0xE0)
                .putShort((short) 0x0102);
        // Optional header (PE32)
        b.putShort((short) 0x10b).put((byte) 14).put((byte) 0)
                .putInt(FILE_ALIGNMENT).putInt(0).putInt(0) // code, initialized, uninitialized sizes
                .putInt(SECTION_ALIGNMENT).putInt(SECTION_ALIGNMENT).putInt(2 * SECTION_ALIGNMENT) // entry, code, data
                .putInt(0x400000).putInt(SECTION_ALIGNMENT).putInt(FILE_ALIGNMENT)
                .putShort((short) 6).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                .putShort((short) 6).putShort((short) 0).putInt(0)
                .putInt(2 * SECTION_ALIGNMENT).putInt(FILE_ALIGNMENT).putInt(0) // image size, headers size, checksum
                .putShort((short) 3).putShort((short) 0x8540) // console subsystem; NX, no SEH, dynamic base
                .putInt(0x100000).putInt(0x1000).putInt(0x100000).putInt(0x1000).putInt(0).putInt(16);
        b.position(b.position() + 16 * 8); // data directories, all empty
        byte[] name = new byte[8];
        System.arraycopy(".text".getBytes(StandardCharsets.US_ASCII), 0, name, 0, 5);
        b.put(name).putInt(0x10).putInt(SECTION_ALIGNMENT).putInt(FILE_ALIGNMENT).putInt(FILE_ALIGNMENT)
                .putInt(0).putInt(0).putShort((short) 0).putShort((short) 0).putInt(0x60000020);
        b.position(FILE_ALIGNMENT);
        b.put((byte) 0xc3).put("Signet minimal PE".getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
