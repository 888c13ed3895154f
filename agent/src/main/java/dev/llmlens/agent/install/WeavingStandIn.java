package dev.llmlens.agent.install;

/**
 * Never loaded: {@link ByteBuddyWeaving#warmUp()} reads this class file and weaves advice into
 * it, to load and run ByteBuddy's weaving code before the first library class needs it. Its one
 * method has the shape of the instrumented client methods.
 */
final class WeavingStandIn {

  private WeavingStandIn() {}

  Object call(Object request, Object options) {
    return request;
  }
}
