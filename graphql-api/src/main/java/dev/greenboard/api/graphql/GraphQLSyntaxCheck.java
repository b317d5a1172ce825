package dev.greenboard.api.graphql;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import graphql.language.SourceLocation;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;

/**
 * Answers a GraphQL document with a syntax error with what is wrong and where. SmallRye GraphQL reports every syntax
 * error as "Unparseable input document", without the position, which leaves a caller guessing; this route parses the
 * document first (graphql-java's parser, with the same token limit) and passes everything that parses on unchanged.
 * The status follows GraphQL over HTTP: 400 when the caller accepts {@code application/graphql-response+json}, 200
 * for plain {@code application/json} (as SmallRye answers its own request errors).
 */
@ApplicationScoped
public class GraphQLSyntaxCheck {

    static final String RESPONSE_TYPE = "application/graphql-response+json";

    /** Documents that parsed: the UI and tools send the same few with different variables, so they parse once. */
    private static final int MAX_KNOWN_GOOD = 1_000;
    /** Keeps the set under ~8 MB whatever callers send. */
    private static final int MAX_KNOWN_GOOD_CHARS = 4_096;

    private final Set<String> knownGood = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json;
    private final String path;
    private final int maxTokens;

    public GraphQLSyntaxCheck(ObjectMapper json,
            @ConfigProperty(name = "quarkus.smallrye-graphql.root-path", defaultValue = "/graphql") String path,
            @ConfigProperty(name = "quarkus.smallrye-graphql.parser-max-tokens", defaultValue = "15000") int maxTokens) {
        this.json = json;
        this.path = path.startsWith("/") ? path : "/" + path; // SmallRye's default is "graphql"
        this.maxTokens = maxTokens;
    }

    void install(@Observes Router router) {
        // Before SmallRye's own route on the same path, which has no explicit order (so a small positive one, by when
        // it was added); its body handler then sees the body read and does not read it again.
        router.route(path).method(HttpMethod.POST).method(HttpMethod.GET)
                .order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1)
                .handler(BodyHandler.create(false))
                .handler(this::check);
    }

    private void check(RoutingContext context) {
        String document = document(context);
        if (document == null || knownGood.contains(document)) {
            context.next(); // nothing this check can read (SmallRye answers it), or a document that parsed before
            return;
        }
        try {
            Parser.parse(ParserEnvironment.newParserEnvironment().document(document)
                    .parserOptions(ParserOptions.getDefaultOperationParserOptions().transform(
                            options -> options.maxTokens(maxTokens).captureSourceLocation(true)))
                    .build());
        } catch (InvalidSyntaxException e) {
            refuse(context, e);
            return;
        }
        if (document.length() <= MAX_KNOWN_GOOD_CHARS) {
            if (knownGood.size() >= MAX_KNOWN_GOOD) {
                knownGood.clear();
            }
            knownGood.add(document);
        }
        context.next();
    }

    /** The query of a GET, of a JSON POST body, or of an {@code application/graphql} body; null for anything else. */
    private String document(RoutingContext context) {
        if (context.request().method() == HttpMethod.GET) {
            return context.request().getParam("query");
        }
        String contentType = context.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("application/graphql")) {
            return context.body().asString();
        }
        try {
            byte[] bytes = context.body().buffer() == null ? null : context.body().buffer().getBytes();
            if (bytes == null) {
                return null;
            }
            JsonNode body = json.readTree(bytes);
            JsonNode query = body == null ? null : body.get("query");
            return query != null && query.isTextual() ? query.asText() : null;
        } catch (java.io.IOException e) {
            return null; // not JSON: SmallRye's answer names that
        }
    }

    private void refuse(RoutingContext context, InvalidSyntaxException e) {
        SourceLocation where = e.getLocation();
        String message = "Invalid GraphQL syntax" + (where == null
                ? ""
                : " at line " + where.getLine() + ", column " + where.getColumn()) + ": " + describe(e);
        Map<String, Object> error = where == null
                ? Map.of("message", message, "extensions", Map.of("code", "GRAPHQL_PARSE_FAILED"))
                : Map.of("message", message,
                        "locations", List.of(Map.of("line", where.getLine(), "column", where.getColumn())),
                        "extensions", Map.of("code", "GRAPHQL_PARSE_FAILED"));
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        boolean graphqlResponse = accept != null && accept.contains(RESPONSE_TYPE);
        try {
            context.response().setStatusCode(graphqlResponse ? 400 : 200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, graphqlResponse ? RESPONSE_TYPE : "application/json")
                    .end(json.writeValueAsString(Map.of("errors", List.of(error))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            context.fail(impossible);
        }
    }

    /** graphql-java's reason without its own position prefix, e.g. "offending token '<EOF>'". */
    private static String describe(InvalidSyntaxException e) {
        String reason = e.getMessage() == null ? "the document does not parse" : e.getMessage();
        return reason.replaceFirst("^Invalid [Ss]yntax( with ANTLR error)? *:? *(with )?", "")
                .replaceFirst(" at line \\d+ column \\d+$", "");
    }
}
