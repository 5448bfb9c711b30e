import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FindingsScreen } from '../../../../renderer/src/traces/findings-screen';
import { ImportScreen } from '../../../../renderer/src/traces/import-screen';
import { TracesScreen } from '../../../../renderer/src/traces/traces-screen';
import { noNavigation, staticClient } from './fake-client';

describe('screens before their first data', () => {
  it('Import offers a file input for captures and logs, a drop zone and a paste box', () => {
    const html = renderToStaticMarkup(<ImportScreen client={staticClient} navigate={noNavigation} />);
    expect(html).toContain('data-testid="import-screen"');
    expect(html).toMatch(/type="file" data-testid="import-file" accept=".pcap,.pcapng,.cap,.txt,.log"/);
    expect(html).toContain('data-testid="import-drop"');
    expect(html).toContain('data-testid="import-paste"');
    // Nothing pasted yet: the submit waits for text.
    expect(html).toMatch(/data-testid="import-paste-submit" disabled=""/);
    expect(html).not.toContain('import-error');
  });

  it('Findings has its run picker and profile select, and says it is loading', () => {
    const html = renderToStaticMarkup(
      <FindingsScreen client={staticClient} runId={undefined} navigate={noNavigation} />,
    );
    expect(html).toContain('data-testid="findings-screen"');
    expect(html).toContain('data-testid="run-select"');
    expect(html).toContain('data-testid="findings-profile"');
    expect(html).toContain('Loading…');
  });

  it('Traces has the run picker, the search box and the noise toggle, ticked', () => {
    const html = renderToStaticMarkup(
      <TracesScreen client={staticClient} focus={undefined} navigate={noNavigation} />,
    );
    expect(html).toContain('data-testid="traces-screen"');
    expect(html).toContain('data-testid="run-select"');
    expect(html).toContain('data-testid="calls-search"');
    expect(html).toMatch(/data-testid="noise-toggle" checked=""/);
    expect(html).toContain('Hide OPTIONS/REGISTER');
  });
});
