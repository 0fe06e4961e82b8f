package dev.signet.amo.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Every JSON body of a {@link JsonLines} resource ends with a newline: {@code curl} output then ends its line instead of
 * running into the shell prompt, and line-based tools see a complete last line. JSON parsers ignore it.
 */
@Provider
@JsonLines
public class JsonTrailingNewline implements WriterInterceptor {

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        // Bound to @Produces(JSON) resources only: a Response built without a type has none yet at this point.
        if (type != null && !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            context.proceed();
            return;
        }
        NewlineAtEnd out = new NewlineAtEnd(context.getOutputStream());
        context.setOutputStream(out);
        context.proceed();
        out.end();
    }

    /** Jackson closes the stream it wrote to: the newline goes out before the close, or after the write. */
    private static final class NewlineAtEnd extends FilterOutputStream {
        private boolean ended;

        NewlineAtEnd(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        void end() throws IOException {
            if (!ended) {
                ended = true;
                out.write('\n');
            }
        }

        // Not FilterOutputStream's close: its flush first would commit the response as chunked, losing the
        // Content-Length that closing an unflushed stream gives.
        @Override
        public void close() throws IOException {
            end();
            out.close();
        }
    }
}
