/**
 * The statutory data shipped with the service: one JSON file per region and year. Adding a year is
 * adding its file and its line here (a test fails if a file under data/ is not listed).
 */
import cn2020 from './cn/2020.json' with { type: 'json' };
import cn2021 from './cn/2021.json' with { type: 'json' };
import cn2022 from './cn/2022.json' with { type: 'json' };
import cn2023 from './cn/2023.json' with { type: 'json' };
import cn2024 from './cn/2024.json' with { type: 'json' };
import cn2025 from './cn/2025.json' with { type: 'json' };
import cn2026 from './cn/2026.json' with { type: 'json' };
import type { CalendarYearData } from '../types.js';

export const builtinYearData: readonly CalendarYearData[] = [cn2020, cn2021, cn2022, cn2023, cn2024, cn2025, cn2026];
