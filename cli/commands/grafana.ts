import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { pushDashboards, ZEUS_FOLDER } from '../../dashboards/index.js';
import { formatProblems } from '../../core/index.js';
import { build } from '../../generate/index.js';
import type { Command } from '../command.js';

const HELP = `Usage: zeus-obs grafana push --url URL --token-file FILE [--folder-uid UID] [--folder-title TITLE] [--message TEXT]

Upserts every Zeus dashboard into a Grafana through its HTTP API (POST /api/dashboards/db with
overwrite), creating the folder first when it does not exist. The dashboards are exactly what
'zeus-obs generate' renders to grafana/dashboards/ (ours, SLO, synthetics), rendered from the
TypeScript sources; nothing is sent if generate would report a problem.

Options:
  --url URL            Grafana base URL, e.g. http://localhost:3000
  --token-file FILE    file holding a service-account token (Editor role or better); never
                       pass the token itself on the command line
  --folder-uid UID     folder to put the dashboards in (default: ${ZEUS_FOLDER.uid})
  --folder-title TEXT  title if the folder has to be created (default: ${ZEUS_FOLDER.title})
  --message TEXT       version-history message (default: "zeus-obs grafana push")
  -h, --help           show this help

Exit status: 0 when every dashboard was saved, 1 otherwise (each failure is listed).

Example:
  npx zeus-obs grafana push --url http://localhost:3000 --token-file ~/.config/zeus/grafana-token`;

const command: Command = {
  help: HELP,
  async run(argv) {
    const [sub, ...rest] = argv;
    if (sub !== 'push') {
      console.error(`zeus-obs grafana: unknown subcommand ${JSON.stringify(sub ?? '')}\n\n${HELP}`);
      return 2;
    }
    const { values } = parseArgs({
      args: rest,
      options: {
        url: { type: 'string' },
        'token-file': { type: 'string' },
        'folder-uid': { type: 'string', default: ZEUS_FOLDER.uid },
        'folder-title': { type: 'string', default: ZEUS_FOLDER.title },
        message: { type: 'string', default: 'zeus-obs grafana push' },
      },
      strict: true,
    });
    if (!values.url || !values['token-file']) {
      console.error(`zeus-obs grafana push: --url and --token-file are required\n\n${HELP}`);
      return 2;
    }
    const token = (await readFile(values['token-file'], 'utf8')).trim();
    if (!token) {
      console.error(`zeus-obs grafana push: token file ${values['token-file']} is empty`);
      return 2;
    }
    const { dashboards, problems } = await build();
    if (problems.length > 0) {
      console.error(`zeus-obs grafana push: ${problems.length} problem(s) in the definitions, nothing sent:\n${formatProblems(problems)}`);
      return 1;
    }
    const { folderCreated, results } = await pushDashboards({
      url: values.url,
      token,
      folderUid: values['folder-uid']!,
      folderTitle: values['folder-title']!,
      message: values.message!,
      dashboards: dashboards.map((d) => d.json as unknown as Record<string, unknown>),
    });
    if (folderCreated) console.log(`created folder ${values['folder-uid']}`);
    for (const r of results) {
      const line = `${r.ok ? 'saved ' : 'FAILED'} ${r.uid.padEnd(20)} ${r.ok ? r.detail : `HTTP ${r.status}: ${r.detail}`}`;
      (r.ok ? console.log : console.error)(line);
    }
    const failed = results.filter((r) => !r.ok).length;
    console.log(`zeus-obs grafana push: ${results.length - failed} of ${results.length} dashboard(s) saved to ${values.url}`);
    return failed === 0 ? 0 : 1;
  },
};

export default command;
