package dev.llmlens.instrumentation.api;

/** A class outside the "library" of {@link SuperTypeInLibraryTest} that implements its root. */
class OutsideLibrary implements SuperTypeInLibraryTest.Root {}
