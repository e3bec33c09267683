#!/usr/bin/env node
// Type-checks the examples in the docs, as a user's program would compile them.
//
//   node scripts/check-doc-examples.mjs [--json] [packages/rx ...]   (default: every packages/*)
//
// For each package it takes every ```ts block in the doc comments of src/**/*.ts and in its
// README.md, writes each one to its own file in a temporary project whose node_modules links the
// workspace packages (built: run `pnpm build` first), rxjs and @types/node, and runs tsc on them
// with the workspace's strict compiler options. It also lists the public exports (src/index.ts)
// whose doc comment has no @example. Exit code 1 if any example fails or any export has none.
import { execFile } from 'node:child_process';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  mkdirSync,
  existsSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const ts = require('typescript');

/** Every ```ts (or ```typescript) fenced block in `text`, with the line (1-based) its code starts on. */
function fencedBlocks(lines, firstLine) {
  const blocks = [];
  let open;
  lines.forEach((line, index) => {
    const fence = /^\s*```\s*(\w*)/.exec(line);
    if (!fence) {
      if (open) open.code.push(line);
      return;
    }
    if (open) {
      blocks.push({ line: open.line, code: open.code.join('\n') });
      open = undefined;
    } else if (fence[1] === 'ts' || fence[1] === 'typescript') {
      open = { line: firstLine + index + 1, code: [] };
    } else {
      open = undefined;
      // a fence of another language: skip to its end
      const end = lines.slice(index + 1).findIndex((later) => /^\s*```\s*$/.test(later));
      if (end >= 0) lines.splice(index + 1, end + 1, ...Array(end + 1).fill(''));
    }
  });
  return blocks;
}

/** The ```ts blocks of every /** doc comment *\/ in a source file. */
function docCommentExamples(file) {
  const text = readFileSync(file, 'utf8');
  const examples = [];
  for (const match of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const firstLine = text.slice(0, match.index).split('\n').length;
    const lines = match[0].split('\n').map((line) => line.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/$/, ''));
    for (const block of fencedBlocks(lines, firstLine)) examples.push({ file, ...block });
  }
  return examples;
}

function readmeExamples(file) {
  if (!existsSync(file)) return [];
  return fencedBlocks(readFileSync(file, 'utf8').split('\n'), 1).map((block) => ({ file, ...block }));
}

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

/** The exports of `index.ts` whose declarations carry no @example with a ```ts block. */
function exportsWithoutExample(index) {
  const program = ts.createProgram([index], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(index));
  if (!module) return [];
  const missing = [];
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const hasExample = (symbol.declarations ?? []).some((declaration) =>
      ts.getJSDocTags(declaration).some((tag) => {
        if (tag.tagName.text !== 'example') return false;
        const comment = typeof tag.comment === 'string' ? tag.comment : (ts.getTextOfJSDocComment(tag.comment) ?? '');
        return /```(ts|typescript)\b/.test(comment);
      }),
    );
    if (!hasExample) {
      const declaration = symbol.declarations?.[0];
      const where = declaration
        ? `${relative(root, declaration.getSourceFile().fileName)}:${declaration.getSourceFile().getLineAndCharacterOfPosition(declaration.getStart()).line + 1}`
        : '?';
      missing.push({ name: exported.name, where });
    }
  }
  return missing;
}

/** A temporary project that resolves the workspace packages the way an installed copy would. */
function makeProject() {
  const dir = mkdtempSync(join(tmpdir(), 'doorbell-doc-examples-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  const modules = join(dir, 'node_modules');
  mkdirSync(join(modules, '@doorbell'), { recursive: true });
  mkdirSync(join(modules, '@types'), { recursive: true });
  for (const name of readdirSync(join(root, 'packages'))) {
    const manifest = join(root, 'packages', name, 'package.json');
    if (!existsSync(manifest)) continue;
    const packageName = JSON.parse(readFileSync(manifest, 'utf8')).name;
    if (packageName?.startsWith('@doorbell/')) symlinkSync(join(root, 'packages', name), join(modules, packageName));
  }
  symlinkSync(realpathSync(join(root, 'packages', 'rx', 'node_modules', 'rxjs')), join(modules, 'rxjs'));
  symlinkSync(realpathSync(join(root, 'node_modules', '@types', 'node')), join(modules, '@types', 'node'));
  // The base's strictness, not its project layout (rootDir/outDir are per package).
  const {
    rootDir: _rootDir,
    outDir: _outDir,
    ...base
  } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
  const compilerOptions = {
    ...base,
    composite: false,
    declaration: false,
    declarationMap: false,
    sourceMap: false,
    noEmit: true,
    // An example may name a thing to show it (a Worker, a key) without using it.
    noUnusedLocals: false,
    noUnusedParameters: false,
    types: ['node'],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2));
  return dir;
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const packages = args.filter((arg) => !arg.startsWith('--'));
  const dirs = (
    packages.length > 0 ? packages : readdirSync(join(root, 'packages')).map((name) => join('packages', name))
  )
    .map((dir) => resolve(root, dir))
    .filter((dir) => existsSync(join(dir, 'src')));

  const examples = [];
  const missing = [];
  for (const dir of dirs) {
    for (const file of sourceFiles(join(dir, 'src'))) examples.push(...docCommentExamples(file));
    examples.push(...readmeExamples(join(dir, 'README.md')));
    const index = join(dir, 'src', 'index.ts');
    if (existsSync(index))
      missing.push(...exportsWithoutExample(index).map((entry) => ({ package: relative(root, dir), ...entry })));
  }

  const project = makeProject();
  const failures = new Map();
  try {
    const names = examples.map((example, i) => {
      const name = `${String(i).padStart(3, '0')}_${basename(dirname(dirname(example.file)))}_${basename(example.file).replace(/\W/g, '_')}_L${example.line}.ts`;
      // `export {}` keeps each example a module of its own, even one with no import.
      writeFileSync(join(project, name), `${example.code}\nexport {};\n`);
      return name;
    });
    const tsc = require.resolve('typescript/bin/tsc');
    const output = await promisify(execFile)(
      process.execPath,
      [tsc, '-p', join(project, 'tsconfig.json'), '--pretty', 'false'],
      { cwd: project, maxBuffer: 64 * 1024 * 1024 },
    ).then(
      ({ stdout }) => stdout,
      (error) => error.stdout || String(error),
    );
    for (const line of output.split('\n')) {
      const error = /^(\d{3})_[^(]*\.ts\((\d+),(\d+)\): (error .*)$/.exec(line);
      if (!error) {
        if (line.trim() !== '') (failures.get(-1) ?? failures.set(-1, []).get(-1)).push(line);
        continue;
      }
      const example = examples[Number(error[1])];
      const where = `${relative(root, example.file)}:${example.line + Number(error[2]) - 1}:${error[3]}`;
      (failures.get(Number(error[1])) ?? failures.set(Number(error[1]), []).get(Number(error[1]))).push(
        `${where}: ${error[4]}`,
      );
    }
    void names;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }

  const failed = [...failures.entries()].map(([index, errors]) => ({
    example: index < 0 ? '(tsc)' : `${relative(root, examples[index].file)}:${examples[index].line}`,
    errors,
  }));
  if (json) {
    console.log(JSON.stringify({ checked: examples.length, failed, missingExamples: missing }, null, 2));
  } else {
    console.log(
      `${examples.length} examples checked, ${failed.length} failed; ${missing.length} exports without an example`,
    );
    for (const { example, errors } of failed)
      console.log(`\n✗ ${example}\n${errors.map((error) => `    ${error}`).join('\n')}`);
    if (missing.length > 0)
      console.log(
        `\nexports without an @example:\n${missing.map((entry) => `    ${entry.package}: ${entry.name} (${entry.where})`).join('\n')}`,
      );
  }
  process.exitCode = failed.length > 0 || missing.length > 0 ? 1 : 0;
}

await main();
