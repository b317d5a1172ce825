package dev.greenboard.model.settings;

/** A settings edit that cannot be applied: its message says which field and why, for the person who made it. */
public class SettingsException extends RuntimeException {

    /** Why the edit was refused. */
    public enum Reason {
        /** A value is not acceptable. */
        INVALID,
        /** The settings changed since the editor read them. */
        CONFLICT
    }

    private final Reason reason;

    public SettingsException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
