/**
 * Run by process.test.ts in a child process: installs the process handlers, then fails in the
 * two ways nothing else catches. Not a test file itself.
 */
import { createLogger } from '../../src/logger.js';
import { installProcessHandlers } from '../../src/process.js';

const logger = createLogger({ level: 'info', format: 'json', secrets: [process.env.SECRET] });
installProcessHandlers(logger, {
  beforeExit: async () => {
    logger.info('closing the gateway before exiting');
  },
});
void Promise.reject(new Error(`lost promise carrying ${process.env.SECRET}`));
setTimeout(() => {
  logger.info('still answering after the rejection');
  setTimeout(() => {
    throw new Error(`broken state with ${process.env.SECRET}`);
  }, 10);
}, 50);
