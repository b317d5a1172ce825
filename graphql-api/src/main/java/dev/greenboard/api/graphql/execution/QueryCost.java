package dev.greenboard.api.graphql.execution;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import graphql.execution.CoercedVariables;
import graphql.introspection.Introspection;
import graphql.language.Argument;
import graphql.language.BooleanValue;
import graphql.language.Directive;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.NodeUtil;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;

/**
 * What a query costs, priced from its text before it runs: an estimate of the database work it buys, so that one
 * request cannot buy minutes of it (150 aliased named queries in one anonymous request ran for half a minute; the
 * field-count complexity limit let it through, since each is one field).
 * <p>
 * Only fields that run code of the API (operations: root fields and batched relations) cost anything; the plain
 * properties of a result are free here (the complexity limit counts those). The price list:
 * <ul>
 * <li>{@value #STATEMENT} for a field that reads the database, plus 1 per item of a page ({@code first}, or its
 * default);</li>
 * <li>{@code hud}: {@value #STATEMENT} + {@value #HUD_PER_COMMIT} per commit (every job of every commit is read);</li>
 * <li>{@code documents}: {@value #STATEMENT} + {@value #DOCUMENT_PER_ITEM} per document (a filter over JSON);</li>
 * <li>{@code metric}: {@value #METRIC} (percentiles over up to 1,000 buckets);</li>
 * <li>{@code runNamedQuery}: {@value #NAMED_QUERY} (SQL Greenboard did not write, up to its statement timeout).</li>
 * </ul>
 * Relations cost the same whatever the number of parents: they are batched, one statement per level.
 */
final class QueryCost {

    static final int STATEMENT = 10;
    static final int HUD_PER_COMMIT = 5;
    static final int DOCUMENT_PER_ITEM = 2;
    static final int METRIC = 100;
    static final int NAMED_QUERY = 300;
    static final String NAMED_QUERY_FIELD = "runNamedQuery";
    /**
     * Fields a query may select once its fragments are spread out: fragments spread into each other can make a short
     * text select millions of fields. Far above any query the web UI or a tool sends.
     */
    static final int MAX_FIELDS = 10_000;
    /** The largest page any list gives; a larger 'first' is refused by the field itself. */
    private static final int MAX_PAGE = 500;

    /** What one query costs: the total, what each kind of field added, and how many named queries it runs. */
    record Bill(long total, Map<String, Long> byField, Map<String, Integer> countByField, int namedQueries,
            boolean tooManyFields) {

        /** The fields that cost most, as "runNamedQuery ×150: 45,000", most expensive first. */
        String mostExpensive(int limit) {
            return byField.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(limit)
                    .map(e -> e.getKey() + (countByField.get(e.getKey()) > 1 ? " ×" + countByField.get(e.getKey()) : "")
                            + ": " + String.format(Locale.ROOT, "%,d", e.getValue()))
                    .collect(Collectors.joining(", "));
        }
    }

    private QueryCost() {
    }

    /**
     * The price of one field, before what it selects. {@code root}: a field of the query type; {@code paged}: the
     * field has a {@code first} argument; {@code arguments} as resolved (defaults and variables applied).
     */
    static int price(boolean root, String field, boolean paged, Map<String, ?> arguments) {
        if (root) {
            switch (field) {
                case NAMED_QUERY_FIELD :
                    return NAMED_QUERY;
                case "metric" :
                    return METRIC;
                case "hud" :
                    return STATEMENT + HUD_PER_COMMIT * page(arguments, 50);
                case "documents" :
                    return STATEMENT + DOCUMENT_PER_ITEM * page(arguments, 50);
                default :
                    break;
            }
        }
        // A report's results default to 100 a report; every other list to 50.
        return STATEMENT + (paged ? page(arguments, "results".equals(field) ? 100 : 50) : 0);
    }

    private static int page(Map<String, ?> arguments, int defaultSize) {
        Object first = arguments.get("first");
        if (!(first instanceof Number number)) {
            return defaultSize;
        }
        // Out of range is refused by the field; priced as the largest page meanwhile.
        long size = number.longValue();
        return size < 1 || size > MAX_PAGE ? MAX_PAGE : (int) size;
    }

    /**
     * The bill of operation {@code operationName} of {@code document}: {@code operations} are the fields that run code
     * of the API. Stops counting after {@value #MAX_FIELDS} fields ({@link Bill#tooManyFields()}).
     */
    static Bill of(GraphQLSchema schema, Document document, String operationName, CoercedVariables variables,
            Set<FieldCoordinates> operations) {
        NodeUtil.GetOperationResult found = NodeUtil.getOperation(document, operationName);
        return of(schema, found.operationDefinition, found.fragmentsByName, variables, operations);
    }

    /** The bill of {@code operation}, whose document has {@code fragments}. */
    static Bill of(GraphQLSchema schema, OperationDefinition operation, Map<String, FragmentDefinition> fragments,
            CoercedVariables variables, Set<FieldCoordinates> operations) {
        Walk walk = new Walk(schema, fragments, variables.toMap(), operations);
        try {
            walk.selections(operation.getSelectionSet(), schema.getQueryType(), true);
        } catch (Walk.TooManyFields e) {
            return walk.bill(true);
        }
        return walk.bill(false);
    }

    /**
     * Walks the selections as they will be executed: each spread of a fragment counts again where it is spread (two
     * aliases of one field with the same fragment run it twice). graphql-java's QueryTraverser, which its complexity
     * limit uses, visits a fragment once per document, so it undercounts exactly the queries that reuse fragments.
     */
    private static final class Walk {

        /** Thrown to stop walking, without a stack trace: it is no error. */
        static final class TooManyFields extends RuntimeException {

            TooManyFields() {
                super(null, null, false, false);
            }
        }

        final GraphQLSchema schema;
        final Map<String, FragmentDefinition> fragments;
        final Map<String, Object> variables;
        final Set<FieldCoordinates> operations;
        final Map<String, Long> byField = new LinkedHashMap<>();
        final Map<String, Integer> countByField = new LinkedHashMap<>();
        long total;
        int fields;
        int namedQueries;

        Walk(GraphQLSchema schema, Map<String, FragmentDefinition> fragments, Map<String, Object> variables,
                Set<FieldCoordinates> operations) {
            this.schema = schema;
            this.fragments = fragments;
            this.variables = variables;
            this.operations = operations;
        }

        Bill bill(boolean tooManyFields) {
            return new Bill(total, byField, countByField, namedQueries, tooManyFields);
        }

        void selections(SelectionSet set, GraphQLCompositeType type, boolean root) {
            if (set == null) {
                return;
            }
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field field) {
                    if (included(field.getDirectives())) {
                        field(field, type, root);
                    }
                } else if (selection instanceof InlineFragment inline) {
                    if (included(inline.getDirectives())) {
                        selections(inline.getSelectionSet(), narrowed(inline.getTypeCondition(), type), root);
                    }
                } else if (selection instanceof FragmentSpread spread && included(spread.getDirectives())) {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    if (fragment != null) {
                        selections(fragment.getSelectionSet(), narrowed(fragment.getTypeCondition(), type), root);
                    }
                }
            }
        }

        void field(Field field, GraphQLCompositeType type, boolean root) {
            if (++fields > MAX_FIELDS) {
                throw new TooManyFields();
            }
            GraphQLFieldDefinition definition = definition(field.getName(), type);
            if (definition == null) {
                return; // __typename, or a field validation has refused already
            }
            // Introspection runs no code of the API, but its fields count towards MAX_FIELDS like any others.
            if (!field.getName().startsWith("__")
                    && operations.contains(FieldCoordinates.coordinates(type.getName(), field.getName()))) {
                GraphQLArgument first = definition.getArgument("first");
                int price = price(root, field.getName(), first != null,
                        first == null ? Map.of() : Map.of("first", firstOf(field, first)));
                String key = root ? field.getName() : type.getName() + "." + field.getName();
                byField.merge(key, (long) price, Long::sum);
                countByField.merge(key, 1, Integer::sum);
                total += price;
                if (root && NAMED_QUERY_FIELD.equals(field.getName())) {
                    namedQueries++;
                }
            }
            if (GraphQLTypeUtil.unwrapAll(definition.getType()) instanceof GraphQLCompositeType child) {
                selections(field.getSelectionSet(), child, false);
            }
        }

        static GraphQLFieldDefinition definition(String name, GraphQLCompositeType type) {
            return switch (name) {
                case "__schema" -> Introspection.SchemaMetaFieldDef;
                case "__type" -> Introspection.TypeMetaFieldDef;
                default -> type instanceof GraphQLFieldsContainer container ? container.getFieldDefinition(name) : null;
            };
        }

        /** The 'first' a field is asked with: a literal, a variable, or the argument's default; "" when none. */
        Object firstOf(Field field, GraphQLArgument first) {
            Argument given = field.getArguments().stream().filter(a -> a.getName().equals("first")).findFirst()
                    .orElse(null);
            Value<?> value = given == null ? null : given.getValue();
            if (value instanceof VariableReference variable) {
                Object bound = variables.get(variable.getName());
                return bound == null ? "" : bound;
            }
            if (value instanceof IntValue number) {
                return number.getValue();
            }
            if (given == null && first.hasSetDefaultValue()
                    && first.getArgumentDefaultValue().getValue() instanceof IntValue number) {
                return number.getValue();
            }
            return "";
        }

        /** Whether @skip and @include let a selection run; counted when unsure. */
        boolean included(List<Directive> directives) {
            for (Directive directive : directives) {
                Argument condition = directive.getArgument("if");
                Object value = condition == null ? null : condition.getValue();
                if (value instanceof VariableReference variable) {
                    value = variables.get(variable.getName());
                } else if (value instanceof BooleanValue literal) {
                    value = literal.isValue();
                }
                if (directive.getName().equals("skip") && Boolean.TRUE.equals(value)
                        || directive.getName().equals("include") && Boolean.FALSE.equals(value)) {
                    return false;
                }
            }
            return true;
        }

        GraphQLCompositeType narrowed(TypeName condition, GraphQLCompositeType type) {
            return condition != null && schema.getType(condition.getName()) instanceof GraphQLCompositeType narrowed
                    ? narrowed
                    : type;
        }
    }

    /** The price list in one sentence, for error messages and docs. */
    static String priceList() {
        return "each field that reads the database costs " + STATEMENT + ", plus 1 per item of 'first' (hud: "
                + HUD_PER_COMMIT + " per commit, documents: " + DOCUMENT_PER_ITEM + " per document), metric "
                + METRIC + ", runNamedQuery " + NAMED_QUERY;
    }

}
