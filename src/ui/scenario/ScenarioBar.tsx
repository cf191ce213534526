import { useEffect, useRef, useState } from 'react';
import { KEY_FILE_NAMES } from '../../runtime/capture';
import { exportScenarioJson, importScenarioJson, MAX_JSON_CHARS } from '../../scenario/import-export';
import { formatIssue, scenarioDocument } from '../../scenario/schema';
import { encodeShareHash } from '../../scenario/share';
import type { Scenario } from '../../scenario/types';
import { useAppStore } from '../../store/store';
import { download, fileStem } from './download';
import type { GalleryEntry } from './gallery';
import { showDocument, showHash, showPreset } from './location';
import { PresetGallery } from './PresetGallery';
import { ScenarioEditor } from './ScenarioEditor';

// The scenario's own controls: presets, editor, share link, import and export of the scenario,
// export of the capture for Wireshark. One panel at a time opens under the header.

type Panel = 'presets' | 'editor' | 'share' | 'capture';

interface ShareState {
  url: string;
  copied: boolean;
}

interface CaptureFiles {
  frames: number;
  files: { name: string; url: string; bytes: number }[];
}

export function ScenarioBar() {
  const ready = useAppStore((s) => s.ready);
  const scenario = useAppStore((s) => s.scenario);
  const [panel, setPanel] = useState<Panel | null>(null);
  const [share, setShare] = useState<ShareState | null>(null);
  const [capture, setCapture] = useState<CaptureFiles | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const a = useAppStore.getState();

  // Object URLs of an earlier capture are released when a new one replaces it.
  useEffect(
    () => () => {
      for (const f of capture?.files ?? []) URL.revokeObjectURL(f.url);
    },
    [capture],
  );

  const toggle = (p: Panel) => setPanel((cur) => (cur === p ? null : p));

  const doShare = async () => {
    const url = showHash(encodeShareHash(useAppStore.getState().currentDocument()));
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard (denied, or not a secure context): the field below holds the link.
    }
    setShare({ url, copied });
    setPanel('share');
  };

  const choose = (e: GalleryEntry) => {
    setPanel(null);
    showPreset(e.id === 'figure9' ? null : e.id);
    void a.loadScenario(e.scenario);
  };

  // A generated or edited scenario is in no preset: the URL carries it, so a reload keeps it.
  const applyEdit = (sc: Scenario) => {
    setPanel(null);
    showDocument(scenarioDocument(sc));
    void a.loadScenario(sc);
  };

  const importFile = async (file: File) => {
    const title = `The file “${file.name.slice(0, 80)}” could not be imported.`;
    if (file.size > MAX_JSON_CHARS * 4) {
      a.showInputProblem({
        title,
        issues: [`json: too large: ${file.size} bytes; at most ${MAX_JSON_CHARS}`],
      });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      a.showInputProblem({
        title,
        issues: [`json: the file could not be read (${String(e).slice(0, 120)})`],
      });
      return;
    }
    const r = importScenarioJson(text);
    if (!r.ok) {
      a.showInputProblem({ title, issues: r.error.map(formatIssue) });
      return;
    }
    showDocument(r.value);
    setPanel(null);
    await a.openDocument(r.value);
  };

  const exportScenario = () => {
    const doc = useAppStore.getState().currentDocument();
    download(`${fileStem(doc.scenario.id)}.json`, exportScenarioJson(doc), 'application/json');
  };

  const exportCapture = async () => {
    setBusy('building the capture…');
    try {
      const c = await a.captureSoFar();
      if (!c) return;
      const stem = fileStem(useAppStore.getState().scenario.id);
      const file = (name: string, data: Uint8Array | string, type: string) => {
        const blob = new Blob([data as BlobPart], { type });
        return { name, url: URL.createObjectURL(blob), bytes: blob.size };
      };
      // Not text/plain: Chromium names an extensionless text download "….txt", and Wireshark reads
      // the key files only under their own names.
      const files = [
        file(`${stem}.pcap`, c.pcap, 'application/vnd.tcpdump.pcap'),
        file(KEY_FILE_NAMES.espSa, c.espSa, 'application/octet-stream'),
        file(KEY_FILE_NAMES.ikev2, c.ikev2, 'application/octet-stream'),
      ];
      setCapture({ frames: c.frames, files });
      setPanel('capture');
      download(files[0]!.name, c.pcap, 'application/vnd.tcpdump.pcap');
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <nav className="scenario-bar" aria-label="Scenario">
        <button
          type="button"
          onClick={() => toggle('presets')}
          aria-expanded={panel === 'presets'}
          aria-label="Presets"
        >
          Presets ▾
        </button>
        <button
          type="button"
          onClick={() => toggle('editor')}
          aria-expanded={panel === 'editor'}
          aria-label="Edit scenario"
          disabled={!ready}
        >
          Edit
        </button>
        <button type="button" onClick={() => void doShare()} disabled={!ready} aria-label="Share">
          Share
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} aria-label="Import scenario">
          Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          aria-label="Import scenario file"
          tabIndex={-1}
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void importFile(f);
          }}
        />
        <button type="button" onClick={exportScenario} disabled={!ready} aria-label="Export scenario">
          Export
        </button>
        <button
          type="button"
          onClick={() => void exportCapture()}
          disabled={!ready || busy !== null}
          aria-label="Export capture"
          title="The pcap and Wireshark's esp_sa and ikev2_decryption_table files"
        >
          Capture ⤓
        </button>
        {busy && <span className="dim">{busy}</span>}
      </nav>
      {panel && (
        <section className="scenario-panel panel" aria-label={PANEL_LABELS[panel]}>
          <div className="scenario-panel-head">
            <h2>{PANEL_LABELS[panel]}</h2>
            <button type="button" onClick={() => setPanel(null)} aria-label={`Close ${PANEL_LABELS[panel]}`}>
              ✕
            </button>
          </div>
          {panel === 'presets' && <PresetGallery onChoose={choose} onGenerate={applyEdit} />}
          {panel === 'editor' && (
            <ScenarioEditor
              key={scenario.id + scenario.seed}
              scenario={scenario}
              onApply={applyEdit}
              onClose={() => setPanel(null)}
            />
          )}
          {panel === 'share' && share && <SharePanel share={share} />}
          {panel === 'capture' && capture && <CapturePanel capture={capture} />}
        </section>
      )}
    </>
  );
}

const PANEL_LABELS: Record<Panel, string> = {
  presets: 'Presets',
  editor: 'Scenario editor',
  share: 'Share link',
  capture: 'Capture for Wireshark',
};

function SharePanel({ share }: { share: ShareState }) {
  return (
    <div className="share">
      <input
        className="share-url"
        readOnly
        value={share.url}
        aria-label="Share link URL"
        onFocus={(e) => e.target.select()}
      />
      <p className="dim" role="status">
        {share.copied
          ? 'Copied to the clipboard. The link holds the scenario, its faults and this exact moment.'
          : 'The clipboard is not available: copy the link from the field. It holds the scenario, its faults and this exact moment.'}
      </p>
    </div>
  );
}

function CapturePanel({ capture }: { capture: CaptureFiles }) {
  return (
    <div className="capture">
      <p>
        {capture.frames} frames so far. Open the pcap in Wireshark and put the two key files in its profile
        folder (Protocols → ESP → esp_sa, IKEv2 → ikev2_decryption_table) to decrypt ESP and IKEv2.
      </p>
      <ul aria-label="Capture files">
        {capture.files.map((f) => (
          <li key={f.name}>
            <a href={f.url} download={f.name}>
              {f.name}
            </a>{' '}
            <span className="dim">({f.bytes} bytes)</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
