package io.apogee.protocol.command;

/** The sender's language as RocketMQ numbers it; JSON headers carry the name, binary ones the code. */
public enum LanguageCode {
    JAVA(0), CPP(1), DOTNET(2), PYTHON(3), DELPHI(4), ERLANG(5), RUBY(6), OTHER(7),
    HTTP(8), GO(9), PHP(10), OMS(11), RUST(12), NODE_JS(13);

    private static final LanguageCode[] BY_CODE = new LanguageCode[14];

    static {
        for (LanguageCode language : values()) {
            BY_CODE[language.code] = language;
        }
    }

    private final byte code;

    LanguageCode(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** Returns the language for a wire code; an unknown code reads as {@link #OTHER}. */
    public static LanguageCode fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** Returns the language for a JSON name; an unknown name reads as {@link #OTHER}. */
    public static LanguageCode fromName(String name) {
        // Every JSON header carries a language, almost always JAVA: check it before the loop, and
        // loop over a shared array because values() copies on each call.
        if ("JAVA".equals(name)) {
            return JAVA;
        }
        for (LanguageCode language : BY_CODE) {
            if (language.name().equals(name)) {
                return language;
            }
        }
        return OTHER;
    }
}
