package dev.llmlens.agent.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Problems found while reading configuration, each one line for the user. */
public final class Warnings {

  private final List<String> lines = new ArrayList<String>();

  void add(String line) {
    lines.add(line);
  }

  public List<String> lines() {
    return Collections.unmodifiableList(lines);
  }
}
