import net from 'node:net';
import { startLabDevice } from '../src/lab/index';
void (async () => {
const dev = await startLabDevice({ profile: 'c2500-run-from-flash' });
dev.state.power = { state: 'down', phase: 'reloading', since: Date.now() };
const t0 = Date.now();
const s = net.connect(dev.port, '127.0.0.1');
let data = '';
s.on('data', (d) => (data += d.toString()));
s.on('close', () => { console.log('closed after', Date.now() - t0, JSON.stringify(data)); void dev.close(); });
s.on('error', (e) => console.log('err', e.message));
})();
