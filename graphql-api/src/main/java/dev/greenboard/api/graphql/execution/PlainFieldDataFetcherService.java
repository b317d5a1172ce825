package dev.greenboard.api.graphql.execution;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;
import java.util.function.Supplier;

import io.smallrye.graphql.SmallRyeGraphQLServerLogging;
import io.smallrye.graphql.execution.datafetcher.PlugableDataFetcher;
import io.smallrye.graphql.execution.datafetcher.helper.FieldHelper;
import io.smallrye.graphql.schema.model.Field;
import io.smallrye.graphql.schema.model.Reference;
import io.smallrye.graphql.schema.model.ReferenceType;
import io.smallrye.graphql.schema.model.Type;
import io.smallrye.graphql.schema.model.Wrapper;
import io.smallrye.graphql.spi.ClassloadingService;
import io.smallrye.graphql.spi.DataFetcherService;
import io.smallrye.graphql.transformation.AbstractDataFetcherException;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;

/**
 * Reads the plain properties of Greenboard's own output types (records such as {@code HudCell}) without SmallRye
 * GraphQL's per-field bookkeeping.
 * <p>
 * SmallRye's stock field fetcher refreshes its request {@code Context} for every single field it resolves: the result
 * path as a string, the selected fields as JSON (twice) and more. Only operations ({@code @Query} methods and
 * {@code @Source} fields) can read that context; a record accessor cannot. On a HUD page of 50 commits × 14 columns
 * (about 2,500 fields) that bookkeeping was a fifth of the request's CPU. This fetcher calls the accessor directly,
 * and skips SmallRye's output transformation where it is the identity (no format, no adapter, a scalar already of
 * its GraphQL class, an enum or an object, possibly in a list); every other field still goes through SmallRye's
 * transformation, so the answers are unchanged.
 * <p>
 * Registered in {@code META-INF/services/io.smallrye.graphql.spi.DataFetcherService}; operations keep SmallRye's
 * fetchers, and so do fields of types that are not Greenboard's.
 */
public class PlainFieldDataFetcherService implements DataFetcherService {

    private static final String OWN_PACKAGE = "dev.greenboard.";
    /** Scalars that SmallRye hands to graphql-java as they are when their class is their GraphQL class. */
    private static final Set<String> PLAIN_SCALARS = Set.of("java.lang.String", "java.lang.Integer", "int",
            "java.lang.Long", "long", "java.lang.Boolean", "boolean", "java.lang.Double", "double");

    @Override
    public Integer getPriority() {
        return 100;
    }

    @Override
    public PlugableDataFetcher<?> getFieldDataFetcher(Field field, Type type, Reference owner) {
        if (owner == null || owner.getClassName() == null || !owner.getClassName().startsWith(OWN_PACKAGE)) {
            return null;
        }
        MethodHandle accessor = accessor(owner.getClassName(), field);
        if (accessor == null) {
            return null; // SmallRye's own fetcher then, which reports the problem its way
        }
        return new PlainFieldDataFetcher<>(accessor, needsNoTransformation(field) ? null : new FieldHelper(field));
    }

    /** True when SmallRye's output transformation of this field's values is certainly the identity. */
    static boolean needsNoTransformation(Field field) {
        Reference reference = field.getReference();
        if (field.hasTransformation() || field.isAdaptingTo() || field.isAdaptingWith() || reference == null
                || reference.isAdaptingTo() || reference.isAdaptingWith()) {
            return false;
        }
        if (field.hasWrapper()) {
            Wrapper wrapper = field.getWrapper();
            // A list of plain values is handed over as it is (SmallRye would copy it); maps, arrays, optionals and
            // nested lists take SmallRye's way.
            if (!wrapper.isCollection() || wrapper.hasWrapper()) {
                return false;
            }
        }
        ReferenceType kind = reference.getType();
        if (kind == ReferenceType.TYPE || kind == ReferenceType.ENUM || kind == ReferenceType.INTERFACE) {
            return true;
        }
        return kind == ReferenceType.SCALAR && PLAIN_SCALARS.contains(reference.getClassName())
                && reference.getClassName().equals(reference.getGraphQLClassName());
    }

    private static MethodHandle accessor(String className, Field field) {
        try {
            Class<?> owner = ClassloadingService.get().loadClass(className);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle handle = field.getMethodName() == null
                    ? lookup.unreflectGetter(owner.getField(field.getPropertyName()))
                    : lookup.unreflect(owner.getMethod(field.getMethodName()));
            return handle.asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The accessor, then SmallRye's transformation when the field needs one. A {@link LightDataFetcher}: graphql-java
     * then builds the field's {@link DataFetchingEnvironment} only if the transformation asks for it.
     */
    static final class PlainFieldDataFetcher<T> implements PlugableDataFetcher<T>, LightDataFetcher<T> {

        private final MethodHandle accessor;
        private final FieldHelper transformation;

        PlainFieldDataFetcher(MethodHandle accessor, FieldHelper transformation) {
            this.accessor = accessor;
            this.transformation = transformation;
        }

        @Override
        public T get(GraphQLFieldDefinition definition, Object source, Supplier<DataFetchingEnvironment> environment)
                throws Exception {
            return fetch(source, environment);
        }

        @Override
        public T get(DataFetchingEnvironment environment) throws Exception {
            return fetch(environment.getSource(), () -> environment);
        }

        @SuppressWarnings("unchecked")
        private T fetch(Object source, Supplier<DataFetchingEnvironment> environment) throws Exception {
            if (source == null) {
                return null;
            }
            Object value;
            try {
                value = accessor.invokeExact(source);
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
            if (transformation == null) {
                return (T) value;
            }
            try {
                return (T) transformation.transformOrAdaptResponse(value, environment.get());
            } catch (AbstractDataFetcherException e) {
                // as SmallRye's own field fetcher does
                SmallRyeGraphQLServerLogging.log.transformError(e);
                return (T) value;
            }
        }
    }
}
