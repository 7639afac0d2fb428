package dev.pitboss.matchmaker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.reactivestreams.Publisher;

/**
 * The OpenAPI 3.1 document, generated from the code at start: every route the router knows (path,
 * method, path parameters), request and response bodies from the records the controller methods
 * take and return, and each method's {@link Doc} (summary, problems it answers with). Served at
 * {@code GET /openapi.json}; a route added to a controller appears without anything else to edit.
 *
 * <p>Why not micronaut-openapi: the Micronaut 5.0.2 platform manages micronaut-openapi 7.0.0, which
 * Maven Central does not serve, and its 6.x processor is built for Micronaut 4.
 */
@Controller
final class OpenApi {
  private final String document;

  OpenApi(Router router) throws Exception {
    this.document = render(router);
  }

  @Get("/openapi.json")
  @Produces(MediaType.APPLICATION_JSON)
  @Doc("This document")
  HttpResponse<String> openapi() {
    return HttpResponse.ok(document);
  }

  static String render(Router router) throws Exception {
    var schemas = new TreeMap<String, Object>();
    var paths = new TreeMap<String, Map<String, Object>>();
    var routes =
        router
            .uriRoutes()
            .filter(
                r ->
                    r.getTargetMethod()
                        .getDeclaringType()
                        .getPackageName()
                        .equals(OpenApi.class.getPackageName()))
            .sorted(
                Comparator.comparing((UriRouteInfo<?, ?> r) -> r.getUriMatchTemplate().toString()))
            .toList();
    for (var route : routes) {
      Method method = route.getTargetMethod().getTargetMethod();
      var path = route.getUriMatchTemplate().toString();
      var op = new LinkedHashMap<String, Object>();
      var doc = method.getAnnotation(Doc.class);
      op.put("operationId", method.getDeclaringClass().getSimpleName() + "." + method.getName());
      if (doc != null) {
        op.put("summary", doc.value());
        if (!doc.description().isEmpty()) {
          op.put("description", doc.description());
        }
        if (doc.authenticated()) {
          op.put("security", List.of(Map.of("player", List.of())));
        }
      }
      var parameters = new ArrayList<Object>();
      for (var p : method.getParameters()) {
        if (p.isAnnotationPresent(RequestAttribute.class)) {
          continue;
        }
        if (p.isAnnotationPresent(Body.class)) {
          op.put(
              "requestBody",
              Map.of(
                  "required",
                  true,
                  "content",
                  Map.of(
                      "application/json",
                      Map.of("schema", schema(p.getParameterizedType(), schemas)))));
        } else if (p.isAnnotationPresent(io.micronaut.http.annotation.Header.class)) {
          parameters.add(
              Map.of(
                  "name",
                  p.getAnnotation(io.micronaut.http.annotation.Header.class).value(),
                  "in",
                  "header",
                  "required",
                  false,
                  "schema",
                  Map.of("type", "string")));
        } else if (path.contains("{" + p.getName() + "}")) {
          parameters.add(
              Map.of(
                  "name",
                  p.getName(),
                  "in",
                  "path",
                  "required",
                  true,
                  "schema",
                  Map.of("type", "string")));
        }
      }
      if (!parameters.isEmpty()) {
        op.put("parameters", parameters);
      }
      var responses = new LinkedHashMap<String, Object>();
      Type returned = method.getGenericReturnType();
      Class<?> raw = rawClass(returned);
      if (Publisher.class.isAssignableFrom(raw)) {
        responses.put(
            "200",
            Map.of(
                "description",
                "server-sent events",
                "content",
                Map.of("text/event-stream", Map.of("schema", Map.of("type", "string")))));
      } else if (HttpResponse.class.isAssignableFrom(raw)) {
        var inner = ((ParameterizedType) returned).getActualTypeArguments()[0];
        if (inner == Void.class) {
          responses.put("204", Map.of("description", "done"));
        } else {
          responses.put(
              "200",
              Map.of(
                  "description",
                  "ok",
                  "content",
                  Map.of("application/json", Map.of("schema", schema(inner, schemas)))));
        }
      } else {
        responses.put(
            "200",
            Map.of(
                "description",
                "ok",
                "content",
                Map.of("application/json", Map.of("schema", schema(returned, schemas)))));
      }
      var problemContent =
          Map.of(Problem.MEDIA_TYPE, Map.of("schema", schema(Problem.class, schemas)));
      if (doc != null) {
        var byStatus = new TreeMap<String, List<String>>();
        for (var problem : doc.problems()) {
          var parts = problem.split(" ", 2);
          byStatus.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(parts[1]);
        }
        if (doc.authenticated()) {
          byStatus.computeIfAbsent("401", k -> new ArrayList<>()).add("unauthorized");
        }
        byStatus.forEach(
            (status, codes) ->
                responses.put(
                    status,
                    Map.of(
                        "description",
                        "problem types: " + String.join(", ", codes),
                        "content",
                        problemContent)));
      }
      responses.put("400", Map.of("description", "malformed-request", "content", problemContent));
      responses.put("429", Map.of("description", "rate-limited", "content", problemContent));
      op.put("responses", responses);
      paths
          .computeIfAbsent(path, k -> new TreeMap<>())
          .put(route.getHttpMethod().name().toLowerCase(java.util.Locale.ROOT), op);
    }
    var root = new LinkedHashMap<String, Object>();
    root.put("openapi", "3.1.0");
    root.put(
        "info",
        Map.of(
            "title", "Pitboss matchmaker",
            "version", "v1",
            "description",
                "Lobby, seat requests with signed tickets, tournament registration. Errors are RFC"
                    + " 9457 problem details (application/problem+json)."));
    root.put("paths", paths);
    root.put(
        "components",
        Map.of(
            "schemas",
            schemas,
            "securitySchemes",
            Map.of("player", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT"))));
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
  }

  private static Class<?> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    return (Class<?>) ((ParameterizedType) t).getRawType();
  }

  private static Map<String, Object> schema(Type type, Map<String, Object> schemas) {
    var raw = rawClass(type);
    if (raw == String.class) return Map.of("type", "string");
    if (raw == long.class || raw == Long.class) return Map.of("type", "integer", "format", "int64");
    if (raw == int.class || raw == Integer.class)
      return Map.of("type", "integer", "format", "int32");
    if (raw == boolean.class || raw == Boolean.class) return Map.of("type", "boolean");
    if (raw == Instant.class) return Map.of("type", "string", "format", "date-time");
    if (List.class.isAssignableFrom(raw)) {
      var item = ((ParameterizedType) type).getActualTypeArguments()[0];
      return Map.of("type", "array", "items", schema(item, schemas));
    }
    if (raw.isRecord()) {
      var name = raw.getSimpleName();
      if (!schemas.containsKey(name)) {
        schemas.put(name, Map.of());
        var properties = new LinkedHashMap<String, Object>();
        for (RecordComponent c : raw.getRecordComponents()) {
          properties.put(c.getName(), schema(c.getGenericType(), schemas));
        }
        schemas.put(name, Map.of("type", "object", "properties", properties));
      }
      return Map.of("$ref", "#/components/schemas/" + name);
    }
    return Map.of("type", "object");
  }
}
