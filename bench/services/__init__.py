"""Online public services at scale: QĐ 766 indicators over many dossiers, submit throughput."""
