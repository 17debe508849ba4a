// A throwaway SMTP server for tests: listens on 127.0.0.1 (port 0 unless given), accepts every
// message without TLS or auth, and prints one JSON line per event on stdout.
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const line = {
        event: 'message',
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
      callback();
    });
  },
});

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ event: 'listening', port: server.server.address().port })}\n`);
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
