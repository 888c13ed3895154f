package dev.llmlens.e2e.springboot;

import dev.llmlens.e2e.app.ChatScenarioApp;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service without a web server: a {@link CommandLineRunner} makes the scenario's
 * calls (same plan and output as {@link ChatScenarioApp}) from classes that Spring Boot's
 * launcher loaded out of {@code BOOT-INF/lib}.
 */
@SpringBootApplication
public class SpringBootChatApp implements CommandLineRunner {

  public static void main(String[] args) {
    SpringApplication application = new SpringApplication(SpringBootChatApp.class);
    application.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
    application.run(args);
  }

  @Override
  public void run(String... args) throws Exception {
    System.out.println("LOADER " + ChatScenarioApp.class.getClassLoader().getClass().getName());
    ChatScenarioApp.main(args);
  }
}
