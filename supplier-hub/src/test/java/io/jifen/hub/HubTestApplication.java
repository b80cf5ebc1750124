package io.jifen.hub;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import io.jifen.crypto.BlindIndex;
import io.jifen.crypto.CryptoSettings;
import io.jifen.crypto.FieldCipher;

/** The hub embedded in a bare application, as the platform embeds it (with its key service and index key from jifen.crypto). */
@SpringBootApplication(scanBasePackages = "io.jifen.hub.none")
@Import({SupplierHubConfiguration.class, HubEvents.class, NoticeEndpoint.class})
class HubTestApplication {

    @Bean
    FieldCipher fieldCipher(Environment environment) {
        return Binder.get(environment).bindOrCreate("jifen.crypto", CryptoSettings.class).fieldCipher("jifen.crypto");
    }

    @Bean
    BlindIndex blindIndex(Environment environment) {
        return Binder.get(environment).bindOrCreate("jifen.crypto", CryptoSettings.class).blindIndex("jifen.crypto");
    }
}
