// Staged beside Cargo Runs by `npm run demo` only (never part of the extension): once the demo's window
// has started, it brings the Cargo view to the front, where a person trying the extension starts.
'use strict';

const vscode = require('vscode');

exports.activate = () => {
  void vscode.commands.executeCommand('workbench.view.extension.cargo');
};
