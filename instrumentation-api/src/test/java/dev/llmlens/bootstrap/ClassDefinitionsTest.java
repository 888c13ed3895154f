package dev.llmlens.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.instrument.ClassFileTransformer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code ClassLoader.defineClass} gets back from the bridge once the agent has woven it: the
 * class file unchanged (the very same array or buffer) unless a watched class was transformed.
 */
class ClassDefinitionsTest {

  private static final byte[] WOVEN = "woven".getBytes(StandardCharsets.US_ASCII);
  private final ClassLoader loader = new ClassLoader(null) {};
  private final List<String> shown = new ArrayList<>();

  @AfterEach
  void unwatch() {
    ClassDefinitions.watch(new String[0], null);
  }

  /** Records what it is shown and weaves every class whose file starts with "weave". */
  private void watchOpenAi() {
    ClassDefinitions.watch(
        new String[] {"com.openai."},
        new ClassFileTransformer() {
          @Override
          public byte[] transform(ClassLoader from, String name, Class<?> redefined, ProtectionDomain domain, byte[] file) {
            String text = new String(file, StandardCharsets.US_ASCII);
            shown.add(name + " " + text + " " + (from == loader) + " " + redefined);
            if (name.endsWith("Throws")) {
              throw new IllegalStateException("transformer failed");
            }
            return text.startsWith("weave") ? WOVEN : null;
          }
        });
  }

  @Test
  void beforeTheAgentWatchesEveryClassIsPassedOver() {
    byte[] file = bytes("weave me");

    assertThat(ClassDefinitions.defining(loader, "com.openai.Client", file, 0, file.length, null)).isSameAs(file);
  }

  @Test
  void aClassOutsideTheWatchedPackagesIsPassedOverUnseen() {
    watchOpenAi();
    byte[] file = bytes("weave me");

    assertThat(ClassDefinitions.defining(loader, "com.example.Client", file, 0, file.length, null)).isSameAs(file);
    assertThat(ClassDefinitions.defining(loader, "com.openaiX.Client", file, 0, file.length, null)).isSameAs(file);
    assertThat(ClassDefinitions.defining(loader, null, file, 0, file.length, null)).isSameAs(file);
    assertThat(shown).isEmpty();
  }

  @Test
  void aWatchedClassIsShownByInternalNameAndItsWovenFileIsDefinedWhole() {
    watchOpenAi();
    byte[] file = bytes("weave me");

    byte[] defined = ClassDefinitions.defining(loader, "com.openai.core.Client", file, 0, file.length, null);

    assertThat(defined).isSameAs(WOVEN);
    assertThat(shown).containsExactly("com/openai/core/Client weave me true null");
    assertThat(ClassDefinitions.offset(file, defined, 0)).isZero();
    assertThat(ClassDefinitions.length(file, defined, file.length)).isEqualTo(WOVEN.length);
  }

  @Test
  void aClassInPartOfAnArrayIsShownAloneAndKeepsItsOffsetWhenUnchanged() {
    watchOpenAi();
    byte[] padded = bytes("--keep me--");

    byte[] defined = ClassDefinitions.defining(loader, "com.openai.Kept", padded, 2, 7, null);

    assertThat(defined).isSameAs(padded);
    assertThat(shown).containsExactly("com/openai/Kept keep me true null");
    assertThat(ClassDefinitions.offset(padded, defined, 2)).isEqualTo(2);
    assertThat(ClassDefinitions.length(padded, defined, 7)).isEqualTo(7);
  }

  @Test
  void aClassInPartOfAnArrayIsDefinedFromTheStartOfItsWovenFile() {
    watchOpenAi();
    byte[] padded = bytes("--weave me--");

    byte[] defined = ClassDefinitions.defining(loader, "com.openai.Woven", padded, 2, 8, null);

    assertThat(defined).isSameAs(WOVEN);
    assertThat(shown).containsExactly("com/openai/Woven weave me true null");
    assertThat(ClassDefinitions.offset(padded, defined, 2)).isZero();
    assertThat(ClassDefinitions.length(padded, defined, 8)).isEqualTo(5);
  }

  @Test
  void aFailingTransformerOrBadArgumentsLeaveTheClassFileAsGiven() {
    watchOpenAi();
    byte[] file = bytes("keep");

    assertThat(ClassDefinitions.defining(loader, "com.openai.Throws", file, 0, file.length, null)).isSameAs(file);
    assertThat(ClassDefinitions.defining(loader, "com.openai.Short", file, 2, 40, null)).isSameAs(file);
    assertThat(ClassDefinitions.defining(loader, "com.openai.Null", null, 0, 3, null)).isNull();
    assertThat(shown).containsExactly("com/openai/Throws keep true null");
  }

  @Test
  void aDirectBufferIsShownAndAWovenFileComesBackInADirectBuffer() {
    watchOpenAi();
    ByteBuffer direct = direct("weave it");

    ByteBuffer defined = ClassDefinitions.defining(loader, "com.openai.Direct", direct, null);

    assertThat(defined.isDirect()).isTrue();
    byte[] content = new byte[defined.remaining()];
    defined.get(content);
    assertThat(content).isEqualTo(WOVEN);
    assertThat(direct.remaining()).as("the given buffer is not consumed").isEqualTo(8);
    assertThat(shown).containsExactly("com/openai/Direct weave it true null");
  }

  @Test
  void anUnchangedDirectBufferIsTheSameBufferUnconsumed() {
    watchOpenAi();
    ByteBuffer direct = direct("keep it");

    assertThat(ClassDefinitions.defining(loader, "com.openai.Direct", direct, null)).isSameAs(direct);
    assertThat(direct.remaining()).isEqualTo(7);
    assertThat(shown).containsExactly("com/openai/Direct keep it true null");
  }

  /** defineClass hands a heap buffer on to the array method, which shows it: not twice. */
  @Test
  void aHeapBufferIsLeftToTheArrayMethod() {
    watchOpenAi();
    ByteBuffer heap = ByteBuffer.wrap(bytes("weave it"));

    assertThat(ClassDefinitions.defining(loader, "com.openai.Heap", heap, null)).isSameAs(heap);
    assertThat(shown).isEmpty();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static ByteBuffer direct(String text) {
    byte[] bytes = bytes(text);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length);
    direct.put(bytes).flip();
    return direct;
  }
}
