// The search worker's entry (started by scan-client.ts): listing pages are read and matched here, off the page.
import type { FromWorker, ScanPort, ToWorker } from './scan-protocol';
import { serveScan } from './scan-serve';

serveScan(self as unknown as ScanPort<ToWorker, FromWorker>);
