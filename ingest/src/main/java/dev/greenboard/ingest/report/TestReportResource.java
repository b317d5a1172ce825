package dev.greenboard.ingest.report;

import java.io.InputStream;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Blocking;

import dev.greenboard.ingest.IngestConfig;
import dev.greenboard.ingest.auth.IngestAuthenticated;
import dev.greenboard.ingest.http.HttpError;
import dev.greenboard.ingest.http.SpooledBody;
import dev.greenboard.ingest.input.DataExceptions;
import dev.greenboard.ingest.input.StorableText;
import dev.greenboard.ingest.report.parse.ParseSummary;
import dev.greenboard.ingest.report.parse.ReportParseException;
import dev.greenboard.model.repository.RepositoryRows;

/** {@code POST /api/v1/test-reports}: JUnit XML, a zip of JUnit XML files, or JSON lines (docs/ingest.md). */
@Path("/api/v1/test-reports")
@IngestAuthenticated
public class TestReportResource {

    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final Pattern LABEL = Pattern.compile("([A-Za-z0-9_.-]{1,64})=(.{0,256})");
    /**
     * Branch, job, workflow and file names are kept up to this many UTF-8 bytes: they go into B-tree indexes, whose
     * entries hold at most about 2.7 KB, and no git host allows a branch of more than 255.
     */
    private static final int MAX_NAME_BYTES = 1024;
    private static final Logger LOG = Logger.getLogger(TestReportResource.class);

    /** The answer to an upload (docs/ingest.md). */
    public record UploadAnswer(long reportId, long tests, long passed, long failed, long errors, long skipped,
            long flaky, boolean duplicate) {

        static UploadAnswer of(TestReportIngestService.Result result) {
            ParseSummary s = result.summary();
            return new UploadAnswer(result.reportId(), s.tests(), s.passed(), s.failed(), s.errors(), s.skipped(),
                    s.flaky(), result.duplicate());
        }
    }

    private final TestReportIngestService service;
    private final IngestConfig config;

    public TestReportResource(TestReportIngestService service, IngestConfig config) {
        this.service = service;
        this.config = config;
    }

    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response upload(@QueryParam("repo") String repo, @QueryParam("sha") String sha,
            @QueryParam("workflow_run_id") String workflowRunId, @QueryParam("run_attempt") String runAttempt,
            @QueryParam("job_id") String jobId, @QueryParam("job_name") String jobName,
            @QueryParam("workflow_name") String workflowName, @QueryParam("branch") String branch,
            @QueryParam("invoking_file") String invokingFile, @QueryParam("label") List<String> labels,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(HttpHeaders.CONTENT_ENCODING) String contentEncoding,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) String contentLength,
            @HeaderParam("Idempotency-Key") String idempotencyKey, InputStream body) throws SQLException {
        ReportSource source = null;
        // The body is read before the parameters are judged: a client still sending it would not read an early
        // answer (the connection is closed under it), and would never learn which parameter was wrong.
        try (SpooledBody spooled = SpooledBody.read(body, contentEncoding, contentLength,
                config.ingest().maxBodyBytes())) {
            source = source(repo, sha, workflowRunId, runAttempt, jobId, jobName, workflowName, branch, invokingFile,
                    labels);
            ReportFormat format = ReportFormat.forContentType(contentType);
            if (format == null) {
                throw new HttpError(415, "unsupported_media_type", "Content-Type '" + contentType
                        + "' is not a report type; send application/xml (JUnit), application/zip (zip of JUnit XML"
                        + " files) or application/x-ndjson (JSON lines)");
            }
            if (spooled.isEmpty()) {
                throw HttpError.badRequest("empty_body", "The report body is empty");
            }
            TestReportIngestService.Result result = service.ingest(source, format, spooled, idempotencyKey);
            return Response.status(result.duplicate() ? 200 : 201).entity(UploadAnswer.of(result)).build();
        } catch (ReportParseException e) {
            if (e.kind() == ReportParseException.Kind.TOO_LARGE) {
                throw new HttpError(413, errorCode(e.kind()), e.getMessage() + "; a report, and a zip once"
                        + " decompressed, may have at most " + config.ingest().maxBodyBytes() + " bytes"
                        + " (greenboard.ingest.max-body-bytes, GREENBOARD_INGEST_MAX_BODY_BYTES)", e);
            }
            throw new HttpError(400, errorCode(e.kind()), e.getMessage(), e);
        } catch (SQLException | RuntimeException e) {
            if (e instanceof HttpError || !DataExceptions.isDataException(e)) {
                throw e;
            }
            LOG.warnf("Report of repo[%s] sha[%s] refused: PostgreSQL cannot store a value of it (%s)", source.repo(),
                    source.sha(), DataExceptions.reason(e));
            throw DataExceptions.refusal(e, "The report");
        }
    }

    private static String errorCode(ReportParseException.Kind kind) {
        return switch (kind) {
            case EMPTY -> "empty_report";
            case NOT_WELL_FORMED -> "not_well_formed";
            case NOT_JUNIT -> "not_a_test_report";
            case INVALID -> "invalid_report";
            case TOO_LARGE -> "payload_too_large";
        };
    }

    private static ReportSource source(String repo, String sha, String workflowRunId, String runAttempt, String jobId,
            String jobName, String workflowName, String branch, String invokingFile, List<String> labels) {
        if (repo == null || !RepositoryRows.isValidFullName(repo)) {
            throw HttpError.badRequest("bad_parameter",
                    "Query parameter 'repo' is required and must be owner/name, got '" + quoted(repo) + "'");
        }
        if (sha == null || !SHA.matcher(sha).matches()) {
            throw HttpError.badRequest("bad_parameter",
                    "Query parameter 'sha' is required and must be a hex commit sha, got '" + quoted(sha) + "'");
        }
        Map<String, String> labelMap = new LinkedHashMap<>();
        for (String label : labels == null ? List.<String>of() : labels) {
            var matcher = LABEL.matcher(label);
            if (!matcher.matches()) {
                throw HttpError.badRequest("bad_parameter",
                        "Query parameter 'label' must be key=value (key of letters, digits, _ . -; value of at most"
                                + " 256 characters), got '" + quoted(label) + "'");
            }
            labelMap.put(matcher.group(1), storableParameter("label " + matcher.group(1), matcher.group(2)));
        }
        String file = name("invoking_file", invokingFile);
        if (file != null) {
            labelMap.put("invoking_file", file);
        }
        Integer attempt = positiveInt("run_attempt", runAttempt);
        return new ReportSource(repo, sha.toLowerCase(), positiveLong("workflow_run_id", workflowRunId),
                attempt == null ? 1 : attempt, positiveLong("job_id", jobId), name("job_name", jobName),
                name("workflow_name", workflowName), name("branch", branch), labelMap);
    }

    /**
     * A name parameter: null when blank; refused when it holds NUL or is longer than a name is kept (they go into
     * B-tree indexes). A lone surrogate becomes U+FFFD.
     */
    private static String name(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String name = storableParameter(parameter, value);
        long bytes = StorableText.utf8Length(name);
        if (bytes > MAX_NAME_BYTES) {
            throw HttpError.badRequest("bad_parameter", "Query parameter '" + parameter + "' is " + bytes
                    + " bytes long; names are kept up to " + MAX_NAME_BYTES + " bytes (git hosts allow 255)");
        }
        return name;
    }

    /**
     * {@code value} as stored, refused when it holds NUL (%00): PostgreSQL's text cannot hold it, and no branch, job,
     * file or label has it, so removing it would only hide a broken client.
     */
    private static String storableParameter(String parameter, String value) {
        int nul = value.indexOf('\0');
        if (nul >= 0) {
            throw HttpError.badRequest("bad_parameter", "Query parameter '" + parameter + "' contains a NUL"
                    + " character (%00) at position " + (nul + 1) + "; names cannot hold it");
        }
        return StorableText.of(value);
    }

    private static String quoted(String value) {
        return value == null ? "null" : StorableText.excerpt(value.replace("\0", "%00"), 100);
    }

    private static Long positiveLong(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw HttpError.badRequest("bad_parameter",
                "Query parameter '" + name + "' must be a positive integer, got '" + quoted(value) + "'");
    }

    private static Integer positiveInt(String name, String value) {
        Long parsed = positiveLong(name, value);
        if (parsed != null && parsed > Integer.MAX_VALUE) {
            throw HttpError.badRequest("bad_parameter", "Query parameter '" + name + "' is too large");
        }
        return parsed == null ? null : parsed.intValue();
    }

}
