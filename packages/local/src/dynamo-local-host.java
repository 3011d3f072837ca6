import java.lang.reflect.Field;
import java.util.Arrays;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local listening on one address: `java -cp DynamoDBLocal.jar dynamo-local-host.java <host> <DynamoDB Local's own options>`.
 * DynamoDB Local's ServerRunner has no host option and its Jetty server listens on every interface,
 * so this builds the server the way ServerRunner does and sets the host of its connector before starting it.
 */
public class DynamoLocalHost {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) throw new IllegalArgumentException("usage: dynamo-local-host.java <host> [DynamoDB Local options]");
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(Arrays.copyOfRange(args, 1, args.length));
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    for (Connector connector : ((Server) field.get(proxy)).getConnectors()) ((ServerConnector) connector).setHost(args[0]);
    System.out.println("DynamoDB Local listening on " + args[0]);
    proxy.start();
  }
}
