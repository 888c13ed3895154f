package dev.llmlens.instrumentation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ObjectAccessorTest {

  public static class Request {
    private final String model;

    public Request(String model) {
      this.model = model;
    }

    public String model() {
      return model;
    }

    public Optional<String> user() {
      return Optional.of("u-1");
    }

    public Optional<String> nothing() {
      return Optional.empty();
    }

    public long promptTokens() {
      return 42L;
    }

    public int completionTokens() {
      return 7;
    }

    public String notANumber() {
      return "12";
    }

    public String failing() {
      throw new IllegalStateException("getter fails");
    }

    public String withArgument(String argument) {
      return argument;
    }

    public Long boxedTokens() {
      return 1_234_567_890_123L;
    }

    public short shortTokens() {
      return 300;
    }

    public static String version() {
      return "static of the class";
    }
  }

  static class Base {
    @SuppressWarnings("unused")
    private final String clientOptions = "options of the base";

    @SuppressWarnings("unused")
    private final long inputTokens = 5_000_000_000L;

    @SuppressWarnings("unused")
    private static final String KIND = "static field";
  }

  static class Service extends Base {}

  /** A class the test cannot link against publicly: a private nested class. */
  private static final class Hidden {
    @SuppressWarnings("unused")
    private String secret() {
      return "private method";
    }

    public String visible() {
      return "public method of a private class";
    }
  }

  @Test
  void readsANoArgumentMethod() {
    assertThat(ObjectAccessor.method("model").read(new Request("gpt-4o"))).isEqualTo("gpt-4o");
  }

  @Test
  void readsAPublicMethodOfANonPublicClass() {
    assertThat(ObjectAccessor.method("visible").read(new Hidden()))
        .isEqualTo("public method of a private class");
  }

  @Test
  void privateMethodsAreNotProperties() {
    assertThat(ObjectAccessor.method("secret").read(new Hidden())).isNull();
  }

  @Test
  void readsAPrivateFieldDeclaredInASuperclass() {
    assertThat(ObjectAccessor.field("clientOptions").read(new Service()))
        .isEqualTo("options of the base");
  }

  @Test
  void missingMemberIsNull() {
    assertThat(ObjectAccessor.method("temperature").read(new Request("gpt-4o"))).isNull();
    assertThat(ObjectAccessor.field("temperature").read(new Service())).isNull();
  }

  @Test
  void methodWithArgumentsIsNotAProperty() {
    assertThat(ObjectAccessor.method("withArgument").read(new Request("gpt-4o"))).isNull();
  }

  @Test
  void throwingGetterIsNull() {
    assertThat(ObjectAccessor.method("failing").read(new Request("gpt-4o"))).isNull();
  }

  @Test
  void nullTargetIsNull() {
    assertThat(ObjectAccessor.method("model").read(null)).isNull();
    assertThat(ObjectAccessor.method("model").readOptional(null)).isNull();
    assertThat(ObjectAccessor.method("model").readLong(null)).isEqualTo(LlmCall.UNKNOWN);
  }

  @Test
  void oneAccessorReadsUnrelatedClassesEachWithItsOwnMember() {
    ObjectAccessor model = ObjectAccessor.method("model");

    assertThat(model.read(new Request("gpt-4o"))).isEqualTo("gpt-4o");
    assertThat(model.read(new Service())).isNull();
    assertThat(model.read(new Request("gpt-4o-mini"))).isEqualTo("gpt-4o-mini");
  }

  @Test
  void readOptionalUnwraps() {
    Request request = new Request("gpt-4o");

    assertThat(ObjectAccessor.method("user").readOptional(request)).isEqualTo("u-1");
    assertThat(ObjectAccessor.method("nothing").readOptional(request)).isNull();
    assertThat(ObjectAccessor.method("model").readOptional(request)).isEqualTo("gpt-4o");
    assertThat(ObjectAccessor.method("user").read(request)).isEqualTo(Optional.of("u-1"));
  }

  @Test
  void readLongTakesAnyNumberAndOtherwiseIsUnknown() {
    Request request = new Request("gpt-4o");

    assertThat(ObjectAccessor.method("promptTokens").readLong(request)).isEqualTo(42L);
    assertThat(ObjectAccessor.method("completionTokens").readLong(request)).isEqualTo(7L);
    assertThat(ObjectAccessor.method("notANumber").readLong(request)).isEqualTo(LlmCall.UNKNOWN);
    assertThat(ObjectAccessor.method("missing").readLong(request)).isEqualTo(LlmCall.UNKNOWN);
    assertThat(ObjectAccessor.method("failing").readLong(request)).isEqualTo(LlmCall.UNKNOWN);
  }

  @Test
  void publicInterfaceMethodOfAJdkInternalClass() {
    assertThat(ObjectAccessor.method("size").read(java.util.List.of(1, 2))).isEqualTo(2);
  }

  @Test
  void readLongTakesPrimitivesBoxedValuesAndFieldsAlike() {
    Request request = new Request("gpt-4o");

    assertThat(ObjectAccessor.method("boxedTokens").readLong(request)).isEqualTo(1_234_567_890_123L);
    assertThat(ObjectAccessor.method("shortTokens").readLong(request)).isEqualTo(300L);
    assertThat(ObjectAccessor.field("inputTokens").readLong(new Service())).isEqualTo(5_000_000_000L);
    assertThat(ObjectAccessor.method("promptTokens").read(request)).isEqualTo(42L);
    assertThat(ObjectAccessor.method("model").readLong(request)).isEqualTo(LlmCall.UNKNOWN);
  }

  @Test
  void staticMembersAreReadThroughAnyInstance() {
    assertThat(ObjectAccessor.method("version").read(new Request("gpt-4o"))).isEqualTo("static of the class");
    assertThat(ObjectAccessor.field("KIND").read(new Service())).isEqualTo("static field");
  }
}
