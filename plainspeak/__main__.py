from plainspeak.cli import main

raise SystemExit(main())
