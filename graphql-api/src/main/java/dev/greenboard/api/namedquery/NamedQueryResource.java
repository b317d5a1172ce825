package dev.greenboard.api.namedquery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.smallrye.mutiny.Uni;

import dev.greenboard.api.graphql.ApiException;

/**
 * Named queries over REST (docs/named-queries.md): {@code GET /api/v1/queries} lists them, {@code GET /api/v1/queries/{name}}
 * runs one with its parameters as URL parameters and answers JSON or, with {@code format=csv}, a CSV download.
 */
@Path("/api/v1/queries")
public class NamedQueryResource {

    static final String CSV = "text/csv; charset=utf-8";
    /** A CSV body cannot say that it was cut at the row limit, so this header does. */
    static final String TRUNCATED_HEADER = "Greenboard-Truncated";
    private static final String FORMAT = NamedQueryLoader.RESERVED_PARAM;

    /** The error shape of every Greenboard REST endpoint. */
    public record ErrorBody(String error, String detail) {
    }

    private final NamedQueryService service;

    public NamedQueryResource(NamedQueryService service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<NamedQuery>> list() {
        return service.list().map(queries -> queries.stream().map(NamedQuery::of).toList());
    }

    @GET
    @Path("{name}")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    public Uni<Response> run(@PathParam("name") String name, @Context UriInfo uri) {
        return Uni.createFrom().item(() -> Request.of(uri)).chain(request -> service.run(name, request.params())
                .map(result -> request.csv()
                        ? Response.ok(CsvText.of(result.columns(), result.rows()), CSV)
                                .header("Content-Disposition", "attachment; filename=\"" + result.name() + ".csv\"")
                                .header(TRUNCATED_HEADER, result.truncated()).build()
                        : Response.ok(result, MediaType.APPLICATION_JSON_TYPE).build()));
    }

    /** The URL parameters: {@code format}, and each other one a parameter of the query, given once. */
    private record Request(boolean csv, Map<String, JsonNode> params) {

        static Request of(UriInfo uri) {
            return new Request(csv(uri.getQueryParameters().get(FORMAT)), params(uri.getQueryParameters()));
        }

        private static boolean csv(List<String> format) {
            if (format == null || format.isEmpty()) {
                return false;
            }
            return switch (format.size() == 1 ? format.get(0) : "") {
                case "json" -> false;
                case "csv" -> true;
                default -> throw ApiException.badInput("format must be json or csv (once), got " + format);
            };
        }

        private static Map<String, JsonNode> params(Map<String, List<String>> query) {
            Map<String, JsonNode> params = new LinkedHashMap<>();
            query.forEach((key, values) -> {
                if (key.equals(FORMAT)) {
                    return;
                }
                if (values.size() != 1) {
                    throw ApiException.badInput("Parameter '" + key + "' is given " + values.size() + " times; give it"
                            + " once");
                }
                params.put(key, TextNode.valueOf(values.get(0)));
            });
            return params;
        }
    }

    @ServerExceptionMapper
    public Response badInput(ApiException.BadInput e) {
        return error(Response.Status.BAD_REQUEST, "bad_input", e);
    }

    @ServerExceptionMapper
    public Response notFound(ApiException.NotFound e) {
        return error(Response.Status.NOT_FOUND, "not_found", e);
    }

    @ServerExceptionMapper
    public Response busy(ApiException.Busy e) {
        return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, "busy", e)).header("Retry-After", 5)
                .build();
    }

    private static Response error(Response.Status status, String error, ApiException e) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(error, e.getMessage())).build();
    }
}
