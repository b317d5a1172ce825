package dev.greenboard.api.namedquery;

/**
 * One parameter as params.json declares it. A parameter without a {@code default} is required; one whose default is
 * {@code null} is optional and binds SQL NULL when not given.
 *
 * @param defaultValue the bound form of the default (null when there is none, or it is null)
 * @param defaultText the default as written in params.json, shown to callers
 */
public record ParameterSpec(String name, ParameterType type, boolean required, Object defaultValue, String defaultText,
        String description) {
}
