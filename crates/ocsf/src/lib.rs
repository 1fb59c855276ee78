//! placeholder until generation lands
