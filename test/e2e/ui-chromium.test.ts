// The dashboard's browser scenarios (ui-scenarios.ts) in the system's Chromium.
import { dashboardScenarios } from './ui-scenarios.js';

dashboardScenarios('chromium');
