// Placeholder build until the tab lands: writes a minimal page so /tab/ answers.
import { mkdirSync, writeFileSync } from 'node:fs';
mkdirSync(new URL('./dist/', import.meta.url), { recursive: true });
writeFileSync(new URL('./dist/index.html', import.meta.url), '<!doctype html><html lang="fr"><title>Défi numérique</title><p>Onglet en construction.</p></html>');
