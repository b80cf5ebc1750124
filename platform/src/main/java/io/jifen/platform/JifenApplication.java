package io.jifen.platform;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Jifen platform: one stateless application serving every tenant. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class JifenApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(JifenApplication.class, args);
    }
}
