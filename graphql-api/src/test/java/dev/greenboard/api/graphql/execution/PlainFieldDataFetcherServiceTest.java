package dev.greenboard.api.graphql.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.smallrye.graphql.schema.model.Field;
import io.smallrye.graphql.schema.model.Reference;
import io.smallrye.graphql.schema.model.ReferenceType;
import io.smallrye.graphql.schema.model.Transformation;
import io.smallrye.graphql.schema.model.Wrapper;
import io.smallrye.graphql.schema.model.WrapperType;

import dev.greenboard.api.hud.HudCell;
import dev.greenboard.api.hud.HudPage.HudRow;
import dev.greenboard.api.hud.HudStatus;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.LightDataFetcher;

/** Which fields take the plain way, and that it reads them without a DataFetchingEnvironment. */
class PlainFieldDataFetcherServiceTest {

    private static final Supplier<DataFetchingEnvironment> NO_ENVIRONMENT = () -> {
        throw new AssertionError("the environment was built");
    };

    private final PlainFieldDataFetcherService service = new PlainFieldDataFetcherService();

    @Test
    void readsTheFieldsOfGreenboardRecordsStraightFromTheirAccessors() throws Exception {
        HudRow row = new HudRow("abc123", Instant.parse("2026-11-02T10:00:00Z"), "title", "alice", 7,
                List.of(new HudCell(HudStatus.FLAKY, 42L, 2)));
        assertEquals("abc123", fetch(field("sha", scalar("java.lang.String", "java.lang.String")), HudRow.class, row));
        assertEquals(7, fetch(field("prNumber", scalar("java.lang.Integer", "java.lang.Integer")), HudRow.class, row));
        Field cells = field("cells", reference(HudCell.class.getName(), ReferenceType.TYPE));
        cells.setWrapper(new Wrapper(WrapperType.COLLECTION, "java.util.List"));
        assertEquals(row.cells(), fetch(cells, HudRow.class, row));
        HudCell cell = row.cells().get(0);
        assertEquals(HudStatus.FLAKY,
                fetch(field("status", reference(HudStatus.class.getName(), ReferenceType.ENUM)), HudCell.class, cell));
        assertEquals(42L, fetch(field("jobId", scalar("java.lang.Long", "java.lang.Long")), HudCell.class, cell));
        assertEquals(2, fetch(field("attempts", scalar("int", "int")), HudCell.class, cell));
    }

    @Test
    void leavesFieldsOfOtherTypesToSmallRye() {
        assertNull(service.getFieldDataFetcher(field("name", scalar("java.lang.String", "java.lang.String")), null,
                reference("com.example.Other", ReferenceType.TYPE)));
    }

    @Test
    void transformsOnlyWhatSmallRyeWouldTransform() {
        assertTrue(PlainFieldDataFetcherService.needsNoTransformation(
                field("sha", scalar("java.lang.String", "java.lang.String"))));
        assertTrue(PlainFieldDataFetcherService.needsNoTransformation(
                field("status", reference(HudStatus.class.getName(), ReferenceType.ENUM))));
        // An Instant is formatted into the DateTime string by SmallRye.
        assertFalse(PlainFieldDataFetcherService.needsNoTransformation(
                field("time", scalar("java.time.Instant", "java.lang.String"))));
        // So is anything with a format.
        Field formatted = field("seconds", scalar("java.lang.Double", "java.lang.Double"));
        formatted.setTransformation(new Transformation());
        assertFalse(PlainFieldDataFetcherService.needsNoTransformation(formatted));
        // Lists of lists, arrays and maps take SmallRye's way.
        Field nested = field("matrix", scalar("java.lang.String", "java.lang.String"));
        Wrapper outer = new Wrapper(WrapperType.COLLECTION, "java.util.List");
        outer.setWrapper(new Wrapper(WrapperType.COLLECTION, "java.util.List"));
        nested.setWrapper(outer);
        assertFalse(PlainFieldDataFetcherService.needsNoTransformation(nested));
        Field array = field("names", scalar("java.lang.String", "java.lang.String"));
        array.setWrapper(new Wrapper(WrapperType.ARRAY, "[Ljava.lang.String;"));
        assertFalse(PlainFieldDataFetcherService.needsNoTransformation(array));
    }

    private Object fetch(Field field, Class<?> owner, Object source) throws Exception {
        Object fetcher = service.getFieldDataFetcher(field, null, reference(owner.getName(), ReferenceType.TYPE));
        assertNotNull(fetcher, field.getName());
        return ((LightDataFetcher<?>) fetcher).get(null, source, NO_ENVIRONMENT);
    }

    private static Field field(String name, Reference reference) {
        return new Field(name, name, name, reference);
    }

    private static Reference scalar(String className, String graphQlClassName) {
        Reference reference = reference(className, ReferenceType.SCALAR);
        reference.setGraphQLClassName(graphQlClassName);
        return reference;
    }

    private static Reference reference(String className, ReferenceType type) {
        Reference reference = new Reference();
        reference.setClassName(className);
        reference.setGraphQLClassName(className);
        reference.setName(className.substring(className.lastIndexOf('.') + 1));
        reference.setType(type);
        return reference;
    }
}
