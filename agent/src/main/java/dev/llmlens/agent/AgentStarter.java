package dev.llmlens.agent;

import dev.llmlens.agent.config.AgentConfig;
import dev.llmlens.agent.config.ConfigSources;
import dev.llmlens.agent.config.Warnings;
import dev.llmlens.agent.install.BootstrapInjector;
import dev.llmlens.agent.log.AgentLog;
import dev.llmlens.instrumentation.api.InstrumentationModule;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Start-up, first half: configuration, then the bootstrap bridge; {@link AgentInstallation}
 * does the rest.
 */
final class AgentStarter {

  private AgentStarter() {}

  static void start(String agentArgs, Instrumentation instrumentation) throws Exception {
    long started = System.nanoTime();
    List<InstrumentationModule> modules = modules();
    List<String> names = new ArrayList<String>();
    for (InstrumentationModule module : modules) {
      names.add(module.name());
    }
    Warnings warnings = new Warnings();
    AgentConfig config =
        AgentConfig.load(ConfigSources.of(agentArgs, systemProperties(), System.getenv(), warnings), names, warnings);
    AgentLog.enableDebug(config.debug());
    for (String warning : warnings.lines()) {
      AgentLog.warn(warning);
    }
    if (!config.enabled()) {
      AgentLog.info("disabled by llmlens.enabled=false: nothing is instrumented");
      return;
    }
    long beforeInject = System.nanoTime();
    BootstrapInjector.inject(instrumentation);
    AgentLog.debug("configuration read in " + (beforeInject - started) / 1_000_000 + " ms, bridge defined in " + (System.nanoTime() - beforeInject) / 1_000_000 + " ms");
    // Only now may bridge types load: the installation is a separate class so that verifying
    // this one does not load them from the agent jar before they are on the bootstrap loader.
    AgentInstallation.install(instrumentation, modules, config);
    AgentLog.debug("premain took " + (System.nanoTime() - started) / 1_000_000 + " ms");
  }

  private static List<InstrumentationModule> modules() {
    List<InstrumentationModule> modules = new ArrayList<InstrumentationModule>();
    for (InstrumentationModule module :
        ServiceLoader.load(InstrumentationModule.class, AgentStarter.class.getClassLoader())) {
      modules.add(module);
    }
    return modules;
  }

  private static Map<String, String> systemProperties() {
    Map<String, String> properties = new HashMap<String, String>();
    for (String name : System.getProperties().stringPropertyNames()) {
      properties.put(name, System.getProperty(name));
    }
    return properties;
  }
}
