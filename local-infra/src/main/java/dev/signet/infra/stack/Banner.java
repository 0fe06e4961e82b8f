package dev.signet.infra.stack;

/** What {@code ./signet up} prints once everything is healthy. */
final class Banner {

    private Banner() {
    }

    static String text(StackSettings s, DevCredentials c, long millis) {
        return """

                signet is up (%d ms). Data: %s
                  amo-api           %s        (AMO signing API v3/v4, health: /q/health/ready)
                  autograph-signer  %s        (Autograph API, /__heartbeat__)
                  validator-worker  http://127.0.0.1:%d   (health only)
                  postgres          127.0.0.1:%d  (user signet, password in %s/postgres/password)
                  kafka             127.0.0.1:%d
                  logs              %s/logs/

                dev API key: %s   (secret in %s/credentials.properties)

                Try it (from the repository root, in another terminal):
                  curl -g -X PUT -H "Authorization: JWT $(./signet jwt)" \\
                       -F "upload=@%s/examples/hello.xpi" \\
                       %s/api/v4/addons/hello@signet.example/versions/1.0/
                  curl -g -H "Authorization: JWT $(./signet jwt)" \\
                       %s/api/v4/addons/hello@signet.example/versions/1.0/

                Ctrl-C (or ./signet down) stops everything; data is kept for the next ./signet up.
                """.formatted(millis, s.dataDir(), s.amoUrl(), s.signerUrl(), s.workerPort(), s.postgresPort(),
                s.dataDir(), s.kafkaPort(), s.dataDir(), c.amoApiKey(), s.dataDir(), s.dataDir(), s.amoUrl(),
                s.amoUrl());
    }
}
