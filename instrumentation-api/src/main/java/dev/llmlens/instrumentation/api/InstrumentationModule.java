package dev.llmlens.instrumentation.api;

import java.util.List;
import java.util.Map;

/**
 * One instrumented library, found by the agent through {@code ServiceLoader}. It names itself
 * (the {@code llmlens.instrumentation.<name>.enabled} switch), says which versions it
 * understands, lists its instrumented types, and provides a reader per call kind.
 */
public interface InstrumentationModule {

  /** Short name used in configuration and logs, e.g. {@code openai}. */
  String name();

  LibraryCheck libraryCheck();

  List<TypeInstrumentation> typeInstrumentations();

  /** Readers by {@link TypeInstrumentation#callKind()}. */
  Map<String, LlmCallReader> readers();

  /** Readers of framework operations (agents, tools, memory), by call kind. */
  default Map<String, OperationReader> operationReaders() {
    return java.util.Collections.emptyMap();
  }
}
