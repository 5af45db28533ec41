/**
 * Zod's fast object parsers are compiled with `new Function`, which the page's
 * Content-Security-Policy forbids (and merely probing for it is reported as a violation). Its
 * `jitless` mode parses the same way without eval. Zod reads the switch when a schema is built, so
 * this module is imported first by the entry point, before any module that defines a schema.
 */
import { z } from 'zod';

z.config({ jitless: true });
