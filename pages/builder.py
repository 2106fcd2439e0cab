import streamlit as st

st.title("Build a CNN")
