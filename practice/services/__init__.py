"""Every write of practice: keyword-only ``<entity>_<verb>`` functions, one transaction each."""
