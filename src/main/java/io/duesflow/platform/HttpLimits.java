package io.duesflow.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a request body duesflow reads. A JSON request of the REST APIs is a few kilobytes; a member list or a
 * process deployment is a file, and may be large. A larger body is refused with 413 before it is read when the
 * request says its length, and as soon as it passes the limit when it does not.
 *
 * @param maxBodySize   any request body ({@code DUESFLOW_MAX_BODY_SIZE})
 * @param maxUploadSize a file: the member import, a process deployment ({@code DUESFLOW_MAX_UPLOAD_SIZE}); a
 *                      member list of 100 000 members with every column is about 25 MB
 */
@ConfigurationProperties("duesflow.http")
public record HttpLimits(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("100MB") DataSize maxUploadSize) {

    public HttpLimits {
        if (maxBodySize == null || maxBodySize.toBytes() <= 0 || maxUploadSize == null || maxUploadSize.toBytes() <= 0) {
            throw new IllegalArgumentException("duesflow.http.max-body-size and max-upload-size must be positive");
        }
    }

    /** The paths that take files, by {@link #maxUploadSize}; everything else by {@link #maxBodySize}. */
    boolean isUpload(String path) {
        return path.equals("/api/members/import") || path.endsWith("/deployment/create");
    }

    static String describe(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + " MB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + " KB";
        }
        return bytes + " bytes";
    }
}
