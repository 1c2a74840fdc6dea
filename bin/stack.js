#!/usr/bin/env node
import { main } from '../dist/bundle/cli/main.js';

main(process.argv);
