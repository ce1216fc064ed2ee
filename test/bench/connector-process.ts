import { ConnectorStandIn } from '../support/connector';

/** The connector stand-in in its own process, so the app's CPU use cannot bend the rate it measures. */
const options = JSON.parse(process.argv[2] ?? '{}');
new ConnectorStandIn(options).start().then((connector) => {
  process.stdout.write(`${connector.url}\n`);
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
});
