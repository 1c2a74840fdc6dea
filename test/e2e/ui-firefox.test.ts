// The dashboard's browser scenarios (ui-scenarios.ts) in the system's Firefox.
import { dashboardScenarios } from './ui-scenarios.js';

dashboardScenarios('firefox');
