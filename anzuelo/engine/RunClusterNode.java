/*
 * anzuelo's launcher of one node of a local OpenSearch cluster (``anzuelo engine start --nodes N``).
 *
 * RunNode.java with discovery instead of ``discovery.type=single-node``: SEEDS are the
 * transport addresses of every node (host:port, comma-separated) and MANAGERS the names of
 * the cluster-manager-eligible nodes that elect the first manager. Started with Java's
 * source launcher, so the compiled single-node RunNode of the jar cache is left as it is.
 *
 * Runs an OpenSearch node from the jars Maven resolved into one folder, with
 * the two modules anzuelo needs (HTTP/transport over Netty, common analysis)
 * loaded from the classpath instead of a modules/ folder of a distribution.
 *
 * Usage: java -cp 'lib/*' RunClusterNode.java HOME DATA LOGS HTTP_PORT TRANSPORT_PORT CLUSTER NODE SEEDS MANAGERS
 * HOME must hold config/log4j2.properties (written by anzuelo.engine).
 * The process runs until SIGTERM/SIGINT, then closes the node cleanly.
 */

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

public class RunClusterNode {

    /** Node subclass: only to reach the constructor that accepts classpath plugins. */
    static final class ClasspathNode extends Node {
        ClasspathNode(Environment env, Collection<Class<? extends Plugin>> plugins) {
            // forbidPrivateIndexSettings=true: behave like a production node.
            super(env, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: RunClusterNode HOME DATA LOGS HTTP_PORT TRANSPORT_PORT CLUSTER NODE SEEDS MANAGERS");
            System.exit(2);
        }
        Path home = Paths.get(args[0]).toAbsolutePath();
        Path data = Paths.get(args[1]).toAbsolutePath();
        Path logs = Paths.get(args[2]).toAbsolutePath();
        Path config = home.resolve("config");
        for (Path p : List.of(data, logs, config, home.resolve("modules"), home.resolve("plugins"))) {
            Files.createDirectories(p);
        }

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", logs.toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", args[3])
            .put("transport.port", args[4])
            .putList("discovery.seed_hosts", List.of(args[7].split(",")))
            .putList("cluster.initial_cluster_manager_nodes", List.of(args[8].split(",")))
            .put("cluster.name", args[5])
            .put("node.name", args[6])
            // A laptop disk is often >90% full; do not turn indices read-only for that.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();

        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), config, () -> args[6]);
        LogConfigurator.registerErrorListener();
        LogConfigurator.setNodeName(args[6]);
        LogConfigurator.configure(env);

        Collection<Class<? extends Plugin>> plugins =
            List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);
        Node node = new ClasspathNode(env, plugins);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                System.out.println("anzuelo: closing node");
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "anzuelo-shutdown"));

        try {
            node.start();
        } catch (Throwable t) {
            System.err.println("anzuelo: node failed to start: " + t);
            t.printStackTrace();
            // halt: the shutdown hook would block on a half-started node.
            Runtime.getRuntime().halt(1);
        }
        System.out.println("anzuelo: node started on 127.0.0.1:" + args[3]);
        // Keep the JVM alive (OpenSearch's own Bootstrap uses a keep-alive thread too).
        stopped.await();
    }
}
