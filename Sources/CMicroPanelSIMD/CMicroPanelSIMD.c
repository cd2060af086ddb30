// Header-only module: see include/CMicroPanelSIMD.h.
