package io.duesflow.platform;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a request body within {@link HttpLimits}: one that says it is larger is refused (413) unread, so a client that
 * asks first ({@code Expect: 100-continue}, as curl does) never sends it; one sent without its length is read up to the
 * limit and then stops with {@link RequestTooLarge}. Memory stays flat either way: nothing is buffered here.
 */
final class RequestSizeLimit extends OncePerRequestFilter {

    /**
     * A JSON body as it was read (it is at most {@link HttpLimits#maxBodySize()}), for {@link ApiErrors} to find where
     * a body the JSON parser gave up on without saying where (a number too long, nesting too deep) goes wrong.
     */
    static final String JSON_BODY = RequestSizeLimit.class.getName() + ".jsonBody";

    private final HttpLimits limits;
    private final ObjectMapper json;

    RequestSizeLimit(HttpLimits limits, ObjectMapper json) {
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean upload = limits.isUpload(path);
        long limit = (upload ? limits.maxUploadSize() : limits.maxBodySize()).toBytes();
        String setting = upload ? "duesflow.http.max-upload-size, DUESFLOW_MAX_UPLOAD_SIZE"
                : "duesflow.http.max-body-size, DUESFLOW_MAX_BODY_SIZE";
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            // The rest of the body is not worth reading: tell the client to stop sending it.
            response.setHeader("Connection", "close");
            FilterProblems.refuse(request, response, json, HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", "body",
                    "The request body has " + declared + " bytes; duesflow reads at most "
                            + HttpLimits.describe(limit) + " here (" + setting + ")");
            return;
        }
        String type = request.getContentType();
        ByteArrayOutputStream copy = !upload && type != null && type.contains("json") ? new ByteArrayOutputStream() : null;
        if (copy != null) {
            request.setAttribute(JSON_BODY, copy);
        }
        chain.doFilter(new Limited(request, limit, setting, copy), response);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private final String setting;
        private final ByteArrayOutputStream copy;
        private ServletInputStream stream;
        private BufferedReader reader;

        Limited(HttpServletRequest request, long limit, String setting, ByteArrayOutputStream copy) {
            super(request);
            this.limit = limit;
            this.setting = setting;
            this.copy = copy;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counted(super.getInputStream(), limit, setting, copy);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                reader = new BufferedReader(new InputStreamReader(getInputStream(),
                        encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding)));
            }
            return reader;
        }
    }

    private static final class Counted extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final String setting;
        private final ByteArrayOutputStream copy;
        private long read;

        Counted(ServletInputStream in, long limit, String setting, ByteArrayOutputStream copy) {
            this.in = in;
            this.limit = limit;
            this.setting = setting;
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
                if (copy != null) {
                    copy.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                counted(n);
                if (copy != null) {
                    copy.write(buffer, offset, n);
                }
            }
            return n;
        }

        private void counted(int n) throws RequestTooLarge {
            read += n;
            if (read > limit) {
                throw new RequestTooLarge(limit, setting);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
